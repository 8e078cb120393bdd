/*
 * ws-bench: a native batching WebSocket load client for S5 (a `ws`-based client in Node tops out
 * far below uWebSockets.js, so it would measure itself, not the server).
 *
 * One thread, epoll, C connections to 127.0.0.1:PORT/PATH. Each connection keeps WINDOW messages
 * in flight: whenever answers arrive it tops the window up with one write of several frames.
 * Frames are masked once, up front (the same bytes are sent every time), so the client spends
 * almost nothing per message. Counts the data frames received during SECONDS and prints
 * `messages=N seconds=T`.
 *
 * usage: ws-bench PORT PATH CONNECTIONS WINDOW SECONDS (binary SIZE | text MESSAGE)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  int fd;
  int inflight;
  size_t pending;  /* bytes of the current batch still to write */
  size_t offset;   /* where they start in the batch buffer */
  unsigned char header[14];
  int header_len;
  uint64_t skip;   /* payload bytes of the current frame still to read */
  int opcode;
} conn_t;

static unsigned char *batch;
static size_t frame_len;
static int window;
static unsigned long long received;
static int counting = 1;

static void die(const char *what) {
  perror(what);
  exit(1);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One masked client frame holding `payload`. */
static size_t build_frame(unsigned char *out, int opcode, const unsigned char *payload, size_t len) {
  static const unsigned char mask[4] = {0x37, 0xfa, 0x21, 0x3d};
  size_t n = 0;
  out[n++] = 0x80 | opcode;
  if (len < 126) {
    out[n++] = 0x80 | len;
  } else if (len < 65536) {
    out[n++] = 0x80 | 126;
    out[n++] = len >> 8;
    out[n++] = len & 0xff;
  } else {
    out[n++] = 0x80 | 127;
    for (int i = 7; i >= 0; i--) out[n++] = (len >> (8 * i)) & 0xff;
  }
  memcpy(out + n, mask, 4);
  n += 4;
  for (size_t i = 0; i < len; i++) out[n + i] = payload[i] ^ mask[i % 4];
  return n + len;
}

static int open_socket(int port, const char *path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) die("socket");
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("connect");
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  char request[512];
  int len = snprintf(request, sizeof request,
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                     path, port);
  if (write(fd, request, len) != len) die("handshake write");
  char response[2048];
  size_t got = 0;
  while (got < sizeof response - 1) {
    ssize_t r = read(fd, response + got, 1); /* byte by byte: nothing after the headers is consumed */
    if (r <= 0) die("handshake read");
    got += r;
    response[got] = 0;
    if (got >= 4 && memcmp(response + got - 4, "\r\n\r\n", 4) == 0) break;
  }
  if (strncmp(response, "HTTP/1.1 101", 12) != 0) {
    fprintf(stderr, "handshake refused: %s\n", response);
    exit(1);
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

static void want_write(int ep, conn_t *c, int on) {
  struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.ptr = c};
  if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl");
}

static void flush(int ep, conn_t *c) {
  while (c->pending > 0) {
    ssize_t w = write(c->fd, batch + c->offset, c->pending);
    if (w < 0) {
      if (errno == EAGAIN) return want_write(ep, c, 1);
      die("write");
    }
    c->offset += w;
    c->pending -= w;
  }
  want_write(ep, c, 0);
}

/* Fills the window back up with one write. */
static void top_up(int ep, conn_t *c) {
  if (c->pending > 0 || !counting) return;
  int frames = window - c->inflight;
  if (frames <= 0) return;
  c->inflight += frames;
  c->offset = 0;
  c->pending = frames * frame_len;
  flush(ep, c);
}

/* Walks received bytes frame by frame; payloads are skipped, never copied. */
static void consume(conn_t *c, const unsigned char *buf, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (c->skip > 0) {
      size_t take = n - i < c->skip ? n - i : c->skip;
      c->skip -= take;
      i += take;
      if (c->skip == 0 && (c->opcode == 1 || c->opcode == 2)) c->inflight--, received += counting;
      continue;
    }
    c->header[c->header_len++] = buf[i++];
    if (c->header_len < 2) continue;
    int code = c->header[1] & 0x7f;
    int need = 2 + (code == 126 ? 2 : code == 127 ? 8 : 0) + (c->header[1] & 0x80 ? 4 : 0);
    if (c->header_len < need) continue;
    uint64_t len = code;
    if (code == 126) len = (c->header[2] << 8) | c->header[3];
    if (code == 127) {
      len = 0;
      for (int k = 2; k < 10; k++) len = (len << 8) | c->header[k];
    }
    c->opcode = c->header[0] & 0x0f;
    c->header_len = 0;
    if (c->opcode == 8) {
      fprintf(stderr, "server closed a connection\n");
      exit(1);
    }
    if (len > 0) c->skip = len;
    else if (c->opcode == 1 || c->opcode == 2) c->inflight--, received += counting;
  }
}

int main(int argc, char **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: %s PORT PATH CONNECTIONS WINDOW SECONDS (binary SIZE | text MESSAGE)\n", argv[0]);
    return 2;
  }
  int port = atoi(argv[1]), connections = atoi(argv[3]);
  window = atoi(argv[4]);
  double seconds = atof(argv[5]);
  int text = strcmp(argv[6], "text") == 0;
  size_t size = text ? strlen(argv[7]) : (size_t)atol(argv[7]);
  unsigned char *payload = malloc(size + 1);
  for (size_t i = 0; i < size; i++) payload[i] = text ? (unsigned char)argv[7][i] : (unsigned char)('a' + i % 26);

  unsigned char frame[size + 14];
  frame_len = build_frame(frame, text ? 1 : 2, payload, size);
  batch = malloc(frame_len * window);
  for (int i = 0; i < window; i++) memcpy(batch + i * frame_len, frame, frame_len);

  int ep = epoll_create1(0);
  conn_t *conns = calloc(connections, sizeof(conn_t));
  for (int i = 0; i < connections; i++) {
    conns[i].fd = open_socket(port, argv[2]);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &conns[i]};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev) < 0) die("epoll_ctl add");
  }

  double start = now(), end = start + seconds;
  for (int i = 0; i < connections; i++) top_up(ep, &conns[i]);
  static unsigned char buf[1 << 16];
  struct epoll_event events[256];
  while (counting) {
    int n = epoll_wait(ep, events, 256, 100);
    if (now() >= end) counting = 0;
    for (int k = 0; k < n; k++) {
      conn_t *c = events[k].data.ptr;
      if (events[k].events & EPOLLOUT) flush(ep, c);
      if (events[k].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        ssize_t r = read(c->fd, buf, sizeof buf);
        if (r == 0) {
          fprintf(stderr, "server hung up\n");
          return 1;
        }
        if (r < 0 && errno != EAGAIN) die("read");
        if (r > 0) consume(c, buf, r);
      }
      top_up(ep, c);
    }
  }
  double elapsed = now() - start;
  for (int i = 0; i < connections; i++) close(conns[i].fd);
  printf("messages=%llu seconds=%.3f\n", received, elapsed);
  return 0;
}
