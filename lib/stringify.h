#ifndef LIB_STRINGIFY_H
#define LIB_STRINGIFY_H
/* A macro's value as a string literal, to put a number defined once into SQL or JSON text:
 * RD_DIGITS_OF(100) is "100". */
#define RD_TEXT_OF(x) #x
#define RD_DIGITS_OF(x) RD_TEXT_OF(x)

#endif
