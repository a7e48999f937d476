#ifndef RECRUIT_CLIBPQ_SHIM_H
#define RECRUIT_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
