#ifndef AIDA_CGIT2_SHIM_H
#define AIDA_CGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/filter.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

/* A write stream that carries a pointer back to its Swift owner: libgit2
   hands callbacks only the git_writestream*, so it must be the first member. */
typedef struct aida_writestream {
    git_writestream parent;
    void *context;
} aida_writestream;

/* git_libgit2_opts is variadic, which Swift cannot call. */
static inline int aida_git_enable_fsync_gitdir(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}
static inline int aida_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

#endif
