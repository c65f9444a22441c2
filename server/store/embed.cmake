# Turns a text file into a C source defining `const char NAME[]` with its
# bytes, so the schema ships inside the program. Run with
# cmake -DIN=file.sql -DOUT=file.c -DNAME=symbol -P embed.cmake
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUT}" "/* Generated from ${IN} by embed.cmake; do not edit. */\n"
  "extern const char ${NAME}[];\n"
  "const char ${NAME}[] = {${bytes} 0x00};\n")
