/*
 * calico-ipam native client (C99 + POSIX, libc only).
 *
 * A CNI runtime starts one plugin process per ADD/DEL/CHECK/VERSION. This client hands the
 * invocation to the resident calico-ipam daemon (src/cni/daemon/) over its unix socket and
 * relays the answer, so an invocation costs a few hundred microseconds instead of a Node start-up:
 *
 *   1. connect to $CALICO_IPAM_SOCKET (default /var/run/calico/ipam.sock), before touching stdin;
 *   2. no daemon there (no socket, refused, ...): exec `node <dir of this binary>/entry.js`, with
 *      stdin untouched, i.e. the plugin runs in-process exactly as without the daemon;
 *   3. otherwise send the CNI_* / datastore environment and stdin as one frame, write the
 *      response's stdout bytes and exit with its exit code;
 *   4. daemon gone mid-request: CNI error code 11 ("try again later") on stdout, exit 1.
 *
 * Frame format (src/cni/daemon/protocol.ts): "CIP1", uint32 big-endian payload length, payload.
 * Request payload: "NAME=value\0"... "\0" stdin. Response payload: exit code byte, stdout.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif
#ifndef CALICO_IPAM_NODE
#define CALICO_IPAM_NODE "/usr/bin/node"
#endif

#define DEFAULT_SOCKET "/var/run/calico/ipam.sock"
#define ENTRY_SCRIPT "entry.js"
#define MAX_PAYLOAD (16u * 1024u * 1024u)
#define HEADER_BYTES 8

extern char **environ;

static const char *socket_path;

struct buf {
    char *data;
    size_t len;
    size_t cap;
};

static void buf_reserve(struct buf *b, size_t extra) {
    if (b->len + extra <= b->cap) return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        fputs("calico-ipam: out of memory\n", stderr);
        exit(1);
    }
    b->data = p;
    b->cap = cap;
}

static void buf_append(struct buf *b, const void *src, size_t n) {
    buf_reserve(b, n);
    memcpy(b->data + b->len, src, n);
    b->len += n;
}

/* Writes s as the body of a JSON string (quotes not included). */
static void json_escaped(FILE *f, const char *s) {
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else fputc(c, f);
    }
}

/* The netconf's top-level "cniVersion" (for error results), else "1.0.0". */
static void netconf_version(const struct buf *in, char *out, size_t outsz) {
    static const char key[] = "\"cniVersion\"";
    const size_t klen = sizeof key - 1;
    strcpy(out, "1.0.0");
    for (size_t i = 0; in->len >= klen && i + klen <= in->len; i++) {
        if (memcmp(in->data + i, key, klen) != 0) continue;
        size_t p = i + klen;
        while (p < in->len && strchr(" \t\r\n", in->data[p]) && in->data[p]) p++;
        if (p >= in->len || in->data[p] != ':') continue;
        p++;
        while (p < in->len && strchr(" \t\r\n", in->data[p]) && in->data[p]) p++;
        if (p >= in->len || in->data[p] != '"') continue;
        size_t start = ++p, n = 0;
        while (p < in->len && in->data[p] != '"' && in->data[p] != '\\' && (unsigned char)in->data[p] >= 0x20) p++, n++;
        if (p < in->len && in->data[p] == '"' && n > 0 && n < outsz) {
            memcpy(out, in->data + start, n);
            out[n] = '\0';
        }
        return;
    }
}

static int cni_error(const struct buf *in, int code, const char *msg, const char *detail) {
    char version[32];
    netconf_version(in, version, sizeof version);
    fputs("{\"cniVersion\":\"", stdout);
    json_escaped(stdout, version);
    fprintf(stdout, "\",\"code\":%d,\"msg\":\"", code);
    json_escaped(stdout, msg);
    fputs("\",\"details\":\"", stdout);
    json_escaped(stdout, detail);
    fputs("\"}\n", stdout);
    fflush(stdout);
    return 1;
}

static int connect_daemon(void) {
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(socket_path) >= sizeof addr.sun_path) return -1;
    strcpy(addr.sun_path, socket_path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* No daemon: become `node <dir>/entry.js args...` (PATH's node, else the one that built us). */
static int run_in_process(int argc, char **argv) {
    static const struct buf none = {0, 0, 0};
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return cni_error(&none, 999, "calico-ipam: cannot resolve /proc/self/exe", strerror(errno));
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash || (size_t)(slash - self) + 1 + sizeof ENTRY_SCRIPT > sizeof self) {
        return cni_error(&none, 999, "calico-ipam: cannot locate " ENTRY_SCRIPT, self);
    }
    strcpy(slash + 1, ENTRY_SCRIPT);
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args) return cni_error(&none, 999, "calico-ipam: out of memory", "");
    args[0] = "node";
    args[1] = self;
    for (int i = 1; i < argc; i++) args[i + 1] = argv[i];
    execvp("node", args);
    execv(CALICO_IPAM_NODE, args);
    return cni_error(&none, 999, "calico-ipam: no IPAM daemon answers and node cannot be run", strerror(errno));
}

static int read_all(int fd, struct buf *b) {
    for (;;) {
        buf_reserve(b, 65536);
        ssize_t n = read(fd, b->data + b->len, b->cap - b->len);
        if (n == 0) return 0;
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        b->len += (size_t)n;
        if (b->len > MAX_PAYLOAD) {
            errno = EFBIG;
            return -1;
        }
    }
}

static int read_exact(int fd, char *p, size_t n) {
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r == 0) return -1;
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int send_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t r = send(fd, p, n, MSG_NOSIGNAL);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t r = write(fd, p, n);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

static int forwarded(const char *entry) {
    static const char *const prefixes[] = {"CNI_", "CALICO_", "ETCD_", "K8S_", "DATASTORE_TYPE=", "KUBECONFIG=", NULL};
    for (const char *const *p = prefixes; *p; p++) {
        if (strncmp(entry, *p, strlen(*p)) == 0) return 1;
    }
    return 0;
}

static void put_u32(char *p, uint32_t v) {
    p[0] = (char)(v >> 24);
    p[1] = (char)(v >> 16);
    p[2] = (char)(v >> 8);
    p[3] = (char)v;
}

static uint32_t get_u32(const char *p) {
    const unsigned char *u = (const unsigned char *)p;
    return ((uint32_t)u[0] << 24) | ((uint32_t)u[1] << 16) | ((uint32_t)u[2] << 8) | (uint32_t)u[3];
}

int main(int argc, char **argv) {
    socket_path = getenv("CALICO_IPAM_SOCKET");
    if (!socket_path || !*socket_path) socket_path = DEFAULT_SOCKET;
    int fd = connect_daemon();
    if (fd < 0) return run_in_process(argc, argv);

    struct buf in = {0, 0, 0};
    if (!isatty(0) && read_all(0, &in) != 0) {
        return cni_error(&in, 5, "calico-ipam: failed to read the network configuration from stdin", strerror(errno));
    }

    struct buf req = {0, 0, 0};
    buf_append(&req, "CIP1\0\0\0\0", HEADER_BYTES);
    for (char **e = environ; *e; e++) {
        if (forwarded(*e) && strchr(*e, '=')) buf_append(&req, *e, strlen(*e) + 1);
    }
    buf_append(&req, "", 1);
    buf_append(&req, in.data ? in.data : "", in.len);
    if (req.len - HEADER_BYTES > MAX_PAYLOAD) {
        return cni_error(&in, 5, "calico-ipam: request too large", "");
    }
    put_u32(req.data + 4, (uint32_t)(req.len - HEADER_BYTES));

    char detail[PATH_MAX + 64];
    snprintf(detail, sizeof detail, "IPAM daemon at %s", socket_path);
    if (send_all(fd, req.data, req.len) != 0) {
        return cni_error(&in, 11, "calico-ipam: the IPAM daemon went away before answering; try again later", detail);
    }

    char header[HEADER_BYTES];
    if (read_exact(fd, header, HEADER_BYTES) != 0 || memcmp(header, "CIP1", 4) != 0) {
        return cni_error(&in, 11, "calico-ipam: the IPAM daemon went away before answering; try again later", detail);
    }
    uint32_t len = get_u32(header + 4);
    if (len < 1 || len > MAX_PAYLOAD) {
        return cni_error(&in, 11, "calico-ipam: the IPAM daemon sent an invalid answer; try again later", detail);
    }
    char *payload = malloc(len);
    if (!payload || read_exact(fd, payload, len) != 0) {
        return cni_error(&in, 11, "calico-ipam: the IPAM daemon went away before answering; try again later", detail);
    }
    close(fd);
    if (write_all(1, payload + 1, len - 1) != 0) return 1;
    return (unsigned char)payload[0];
}
