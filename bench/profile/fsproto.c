// The store's write protocols alone, without aida: N objects of 2-8 KiB under root/objects/xx/yy/.
//   per-object (batch=0): write a temp file, fsync it, mkdir the fan-out folders (fsync each
//                         parent), rename, fsync the folder: aida's single-insert protocol
//   batched    (batch=1): write every temp file unsynced, syncfs, mkdir + rename all, syncfs:
//                         aida add's StoreBatch
//   cc -O2 -o fsproto fsproto.c -lpthread && ./fsproto 10000 THREADS BATCH /tmp/some-new-folder
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int count, threads, batch, next_index;
static char root[512], payload[8192];
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int claim(void) {
    pthread_mutex_lock(&mutex);
    int i = next_index++;
    pthread_mutex_unlock(&mutex);
    return i < count ? i : -1;
}

static void sync_folder(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    fsync(fd);
    close(fd);
}

static void names(int i, char *top, char *sub, char *final, char *temp) {
    unsigned h = (unsigned)i * 2654435761u;
    sprintf(top, "%s/objects/%02x", root, h >> 24);
    sprintf(sub, "%s/%02x", top, (h >> 16) & 255);
    sprintf(final, "%s/%08x%d", sub, h, i);
    sprintf(temp, "%s/tmp/%d.tmp", root, i);
}

static void make_folder(const char *path, const char *parent, int durable) {
    if (mkdir(path, 0777) == 0 && durable) sync_folder(parent);
}

static void publish(int i, int durable) {
    char top[600], sub[600], final[700], temp[600], objects[600];
    names(i, top, sub, final, temp);
    sprintf(objects, "%s/objects", root);
    make_folder(top, objects, durable);
    make_folder(sub, top, durable);
    rename(temp, final);
    if (durable) sync_folder(sub);
}

static void *write_objects(void *unused) {
    (void)unused;
    for (int i; (i = claim()) >= 0;) {
        char top[600], sub[600], final[700], temp[600];
        names(i, top, sub, final, temp);
        int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0444);
        if (write(fd, payload, 2048 + (i * 37) % 6144) < 0) perror("write");
        if (!batch) fsync(fd);
        close(fd);
        if (!batch) publish(i, 1);
    }
    return NULL;
}

static void *publish_objects(void *unused) {
    (void)unused;
    for (int i; (i = claim()) >= 0;) publish(i, 0);
    return NULL;
}

static void run(void *(*job)(void *)) {
    pthread_t pool[64];
    next_index = 0;
    for (int k = 0; k < threads; k++) pthread_create(&pool[k], NULL, job, NULL);
    for (int k = 0; k < threads; k++) pthread_join(pool[k], NULL);
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: fsproto COUNT THREADS BATCH(0|1) NEW-FOLDER\n"); return 2; }
    count = atoi(argv[1]);
    threads = atoi(argv[2]);
    if (threads < 1 || threads > 64) threads = 2;
    batch = atoi(argv[3]);
    snprintf(root, sizeof root, "%s", argv[4]);
    for (int i = 0; i < 8192; i++) payload[i] = (char)rand();
    char path[600];
    mkdir(root, 0777);
    sprintf(path, "%s/objects", root);
    mkdir(path, 0777);
    sprintf(path, "%s/tmp", root);
    mkdir(path, 0777);
    sync();
    double t0 = now();
    run(write_objects);
    if (batch) {
        double t1 = now();
        int fd = open(root, O_RDONLY | O_DIRECTORY);
        syncfs(fd);
        double t2 = now();
        run(publish_objects);
        double t3 = now();
        syncfs(fd);
        close(fd);
        printf("batched, %2d threads: %5.2f s, %4.0f us/object (temp files %.2f s, syncfs %.2f s, "
               "mkdir+rename %.2f s, syncfs %.2f s)\n",
               threads, now() - t0, (now() - t0) / count * 1e6, t1 - t0, t2 - t1, t3 - t2, now() - t3);
    } else {
        printf("per-object fsync, %2d threads: %5.2f s, %4.0f us/object\n", threads, now() - t0,
               (now() - t0) / count * 1e6);
    }
    return 0;
}
