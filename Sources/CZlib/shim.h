#ifndef AIDA_CZLIB_SHIM_H
#define AIDA_CZLIB_SHIM_H
#include <zlib.h>
#endif
