#ifndef AIDA_CDEFLATE_SHIM_H
#define AIDA_CDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
