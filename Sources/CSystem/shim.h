#ifndef AIDA_CSYSTEM_SHIM_H
#define AIDA_CSYSTEM_SHIM_H
/* syncfs(2) is a GNU extension that Swift's Glibc module does not export.
   Declared here rather than through <unistd.h>, whose module was built without _GNU_SOURCE. */
extern int syncfs(int fd);
#endif
