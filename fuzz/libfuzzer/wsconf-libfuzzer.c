// libFuzzer front end for .NET targets: runs the target as a child process speaking the protocol SharpFuzz's
// Fuzzer.LibFuzzer.Run expects, and hands the child's SharpFuzz coverage map to libFuzzer as extra counters.
//
//   wsconf-libfuzzer --target_path=PROGRAM [--target_arg=ARG]... [libFuzzer flags] [CORPUS_DIR...]
//
// libFuzzer ignores flags starting with "--", so the target flags survive -fork/-jobs/-merge, whose child
// processes get the same command line (and each starts its own .NET child).
//
// Protocol (both sides little-endian int32 words):
//   - one SysV shared memory segment: 64 KiB SharpFuzz coverage map, then up to 1 MiB of input;
//   - the child gets __LIBFUZZER_SHM_ID and fds 198 (control, driver -> child) and 199 (status, child -> driver),
//     named in __LIBFUZZER_CONTROL_PIPE_ID / __LIBFUZZER_STATUS_PIPE_ID;
//   - the child attaches the segment and writes a 0 (hello); then per input the driver writes the input length,
//     the child runs it on the segment's input area and answers 0 (ok) or non-zero (the target threw).
//
// Build: clang -O2 -fsanitize=fuzzer -o wsconf-libfuzzer wsconf-libfuzzer.c  (Debian: clang, libclang-rt-14-dev)
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <unistd.h>

enum {
    kMapSize = 1 << 16,          // SharpFuzz's map size (AFL's classic 64 KiB)
    kMaxInput = 1 << 20,         // the input area after the map
    kControlFd = 198,
    kStatusFd = 199,
    kMaxTargetArgs = 64,
};

// libFuzzer reads every byte of this section as an 8-bit coverage counter, after each run.
__attribute__((used, section("__libfuzzer_extra_counters"))) static uint8_t coverage[kMapSize];

static uint8_t *shared;    // map, then input
static int control_write = -1;
static int status_read = -1;

static void fail(const char *what) {
    fprintf(stderr, "wsconf-libfuzzer: %s: %s\n", what, strerror(errno));
    exit(1);
}

static int write_all(int fd, const void *data, size_t length) {
    const uint8_t *at = data;
    while (length > 0) {
        ssize_t written = write(fd, at, length);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return -1;
        at += written;
        length -= (size_t)written;
    }
    return 0;
}

static int read_all(int fd, void *data, size_t length) {
    uint8_t *at = data;
    while (length > 0) {
        ssize_t got = read(fd, at, length);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return -1;
        at += got;
        length -= (size_t)got;
    }
    return 0;
}

static const char *flag_value(const char *arg, const char *name) {
    size_t length = strlen(name);
    return strncmp(arg, name, length) == 0 ? arg + length : NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    const char *path = NULL;
    char *target_argv[kMaxTargetArgs + 2];
    int target_argc = 1;
    for (int i = 1; i < *argc; i++) {
        const char *value;
        if ((value = flag_value((*argv)[i], "--target_path=")) != NULL) {
            path = value;
        } else if ((value = flag_value((*argv)[i], "--target_arg=")) != NULL && target_argc <= kMaxTargetArgs) {
            target_argv[target_argc++] = (char *)value;
        }
    }
    if (path == NULL) {
        fprintf(stderr, "usage: %s --target_path=PROGRAM [--target_arg=ARG]... [libFuzzer flags] [CORPUS_DIR...]\n", (*argv)[0]);
        exit(1);
    }
    target_argv[0] = (char *)path;
    target_argv[target_argc] = NULL;

    // A dead child must show up as a failed write or read (and so as a crash), not kill the driver.
    signal(SIGPIPE, SIG_IGN);

    int shm_id = shmget(IPC_PRIVATE, kMapSize + kMaxInput, IPC_CREAT | IPC_EXCL | 0600);
    if (shm_id < 0) fail("shmget");
    shared = shmat(shm_id, NULL, 0);
    if (shared == (void *)-1) fail("shmat");

    int control[2], status[2];
    if (pipe(control) != 0 || pipe(status) != 0) fail("pipe");
    pid_t child = fork();
    if (child < 0) fail("fork");
    if (child == 0) {
        char id[16];
        snprintf(id, sizeof id, "%d", shm_id);
        if (dup2(control[0], kControlFd) < 0 || dup2(status[1], kStatusFd) < 0) fail("dup2");
        close(control[0]);
        close(control[1]);
        close(status[0]);
        close(status[1]);
        setenv("__LIBFUZZER_SHM_ID", id, 1);
        setenv("__LIBFUZZER_CONTROL_PIPE_ID", "198", 1);
        setenv("__LIBFUZZER_STATUS_PIPE_ID", "199", 1);
        execvp(path, target_argv);
        fail(path);
    }
    close(control[0]);
    close(status[1]);
    control_write = control[1];
    status_read = status[0];

    int32_t hello;
    if (read_all(status_read, &hello, sizeof hello) != 0) {
        fprintf(stderr, "wsconf-libfuzzer: %s ended before saying hello\n", path);
        exit(1);
    }
    // The child has attached the segment: it goes away when both processes are gone, whatever ends them.
    shmctl(shm_id, IPC_RMID, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > kMaxInput) return 0;
    memset(shared, 0, kMapSize);
    memcpy(shared + kMapSize, data, size);
    int32_t length = (int32_t)size, status;
    if (write_all(control_write, &length, sizeof length) != 0 || read_all(status_read, &status, sizeof status) != 0) {
        // The .NET process died on this input (stack overflow, FailFast...): libFuzzer saves it as a crash.
        fprintf(stderr, "wsconf-libfuzzer: the .NET target ended unexpectedly\n");
        __builtin_trap();
    }
    memcpy(coverage, shared, kMapSize);
    if (status != 0) {
        // The target threw (the child printed the exception): a crash for libFuzzer, which saves the input.
        __builtin_trap();
    }
    return 0;
}
