// Single-core cost of hashing and compressing a set of files held in memory: the CPU floor of
// `aida add`. SHA-256 (OpenSSL), zlib level 1, libdeflate level 1 (what aida uses), and, when
// built with -DWITH_ISAL (Debian libisal-dev), ISA-L igzip levels 0-3 writing the zlib format;
// every 50th ISA-L output is inflated again with plain zlib and compared.
//
//   cc -O2 -o codecs codecs.c -ldeflate -lz -lcrypto [-DWITH_ISAL -lisal]
//   ./codecs $(find DATA -type f)
#include <libdeflate.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>
#ifdef WITH_ISAL
#include <isa-l/igzip_lib.h>
#endif

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void report(const char *what, double seconds, size_t in, size_t out) {
    printf("%-34s %6.2f s  %5.0f MB/s", what, seconds, in / seconds / 1e6);
    if (out) printf("  input/output %.3f", (double)in / out);
    printf("\n");
}

int main(int argc, char **argv) {
    int n = argc - 1;
    unsigned char **buf = malloc(n * sizeof *buf);
    size_t *len = malloc(n * sizeof *len), total = 0, biggest = 0;
    for (int i = 0; i < n; i++) {
        FILE *f = fopen(argv[i + 1], "rb");
        if (!f) { perror(argv[i + 1]); return 2; }
        fseek(f, 0, SEEK_END);
        len[i] = ftell(f);
        rewind(f);
        buf[i] = malloc(len[i] + 1);
        if (fread(buf[i], 1, len[i], f) != len[i]) { perror(argv[i + 1]); return 2; }
        fclose(f);
        total += len[i];
        if (len[i] > biggest) biggest = len[i];
    }
    printf("%d files, %.1f MB, one core\n", n, total / 1e6);
    size_t cap = biggest * 2 + 65536;
    unsigned char *out = malloc(cap), *back = malloc(cap), md[32];

    double t = now();
    for (int i = 0; i < n; i++) SHA256(buf[i], len[i], md);
    report("sha256 (OpenSSL, SHA-NI if any)", now() - t, total, 0);

    size_t sum = 0;
    t = now();
    for (int i = 0; i < n; i++) {
        uLongf l = cap;
        compress2(out, &l, buf[i], len[i], 1);
        sum += l;
    }
    report("zlib level 1", now() - t, total, sum);

    struct libdeflate_compressor *c = libdeflate_alloc_compressor(1);
    sum = 0;
    t = now();
    for (int i = 0; i < n; i++) sum += libdeflate_zlib_compress(c, buf[i], len[i], out, cap);
    report("libdeflate level 1 (aida today)", now() - t, total, sum);
    libdeflate_free_compressor(c);

#ifdef WITH_ISAL
    static const int level_buf[] = {ISAL_DEF_LVL0_DEFAULT, ISAL_DEF_LVL1_DEFAULT, ISAL_DEF_LVL2_DEFAULT,
                                    ISAL_DEF_LVL3_DEFAULT};
    for (int level = 0; level <= 3; level++) {
        unsigned char *lb = malloc(level_buf[level]);
        int bad = 0;
        sum = 0;
        t = now();
        for (int i = 0; i < n; i++) {
            struct isal_zstream s;
            isal_deflate_stateless_init(&s);
            s.level = level;
            s.level_buf = lb;
            s.level_buf_size = level_buf[level];
            s.gzip_flag = IGZIP_ZLIB;
            s.next_in = buf[i];
            s.avail_in = len[i];
            s.next_out = out;
            s.avail_out = cap;
            s.end_of_stream = 1;
            if (isal_deflate_stateless(&s) != COMP_OK) { bad++; continue; }
            sum += s.total_out;
            if (i % 50 == 0) {
                uLongf l = cap;
                if (uncompress(back, &l, out, s.total_out) != Z_OK || l != len[i] || memcmp(back, buf[i], l)) bad++;
            }
        }
        double dt = now() - t;
        char what[64];
        snprintf(what, sizeof what, "ISA-L igzip level %d, zlib format", level);
        report(what, dt, total, sum);
        if (bad) printf("  %d outputs failed the zlib round trip\n", bad);
        free(lb);
    }
#endif
    return 0;
}
