// LD_PRELOAD shim: fsync, fdatasync, syncfs and sync_file_range return 0 at once, so a run
// shows what durability costs. For measurements only: nothing written under it is safe.
//   cc -O2 -shared -fPIC -o nodurability.so nodurability.c
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>

int fsync(int fd) { (void)fd; return 0; }
int fdatasync(int fd) { (void)fd; return 0; }
int syncfs(int fd) { (void)fd; return 0; }
int sync_file_range(int fd, off_t offset, off_t nbytes, unsigned int flags) {
    (void)fd; (void)offset; (void)nbytes; (void)flags;
    return 0;
}
