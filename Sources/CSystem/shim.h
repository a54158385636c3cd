#ifndef AIDA_CSYSTEM_SHIM_H
#define AIDA_CSYSTEM_SHIM_H
/* Linux calls that Swift's Glibc module does not export (GNU extensions). Declared here
   rather than through <unistd.h>/<fcntl.h>, whose modules were built without _GNU_SOURCE. */
extern int syncfs(int fd);
extern int sync_file_range(int fd, long long offset, long long nbytes, unsigned int flags);
#define AIDA_SYNC_FILE_RANGE_WRITE 2
#endif
