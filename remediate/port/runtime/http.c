/*
 * Request routing, responses, logging and process lifecycle behind http.h.
 *
 * libmicrohttpd calls the URI log callback first, with the raw request
 * target.  The per-request struct svc_request is allocated there, because
 * only that callback gets the length of the query string.  The
 * access handler then runs once for the headers, once per body chunk and
 * a last time when the request is complete, which is when a route runs.
 * The completion callback writes the access log line and frees the state.
 *
 * NOTE: requests that libmicrohttpd rejects before the URI callback (a
 * request line or headers beyond memory_limit) get its own 414 or 431
 * answer, without the security headers and without an access log line.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "validate.h"

#define TEXT_HTML "text/html; charset=utf-8"
#define LOG_PATH_MAX 256
#define SECRET_MAX (64 * 1024)
#define HEALTHCHECK_TIMEOUT_S 3

struct server {
	const struct svc_http_config *config;
	const struct svc_http_route *routes;
	size_t n_routes;
};

struct svc_request {
	const struct server *server;
	struct MHD_Connection *connection;
	const char *method;           /* owned by libmicrohttpd, valid until completion */
	const char *path;
	char log_method[16];          /* copies for the access log, written after completion */
	char log_path[LOG_PATH_MAX];
	size_t uri_len;
	size_t body_len;
	bool headers_seen;
	unsigned status;              /* 0 until a response is queued */
	struct timespec start;
};

/* --- logging ---------------------------------------------------------------- */

/* Writes `line` (a cJSON object, freed here) to stderr as one JSON line. */
static void log_json(cJSON *line)
{
	char *text = cJSON_PrintUnformatted(line);

	if (text != NULL) {
		fprintf(stderr, "%s\n", text);
		cJSON_free(text);
	}
	cJSON_Delete(line);
}

/* Returns a new log record with the current UTC time in ISO 8601. */
static cJSON *log_record(const char *event)
{
	struct timespec now;
	struct tm tm;
	char stamp[40];
	cJSON *line = cJSON_CreateObject();

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp + strlen(stamp), sizeof(stamp) - strlen(stamp), ".%03ldZ", now.tv_nsec / 1000000);
	cJSON_AddStringToObject(line, "time", stamp);
	cJSON_AddStringToObject(line, "event", event);
	return line;
}

__attribute__((format(printf, 2, 3)))
static void log_message(const char *event, const char *fmt, ...)
{
	char message[512];
	va_list ap;
	cJSON *line = log_record(event);

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	cJSON_AddStringToObject(line, "message", message);
	log_json(line);
}

/* Turns libmicrohttpd's own diagnostics into log lines as well. */
static void log_mhd(void *cls, const char *fmt, va_list ap)
{
	char message[512];
	size_t len;
	cJSON *line = log_record("libmicrohttpd");

	(void)cls;
	vsnprintf(message, sizeof(message), fmt, ap);
	len = strlen(message);
	while (len > 0 && message[len - 1] == '\n')
		message[--len] = '\0';
	cJSON_AddStringToObject(line, "message", message);
	log_json(line);
}

static double elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) * 1e3 + (double)(now.tv_nsec - start->tv_nsec) / 1e6;
}

static const char *termination_reason(enum MHD_RequestTerminationCode code)
{
	switch (code) {
	case MHD_REQUEST_TERMINATED_COMPLETED_OK:
		return NULL;
	case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
		return "connection timed out";
	case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN:
		return "server shut down";
	case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
		return "client closed the connection";
	case MHD_REQUEST_TERMINATED_READ_ERROR:
		return "read failed";
	default:
		return "connection failed";
	}
}

/* --- request state ---------------------------------------------------------- */

/* URI log callback: runs first for every request and gets the raw target. */
static void *request_begin(void *cls, const char *uri, struct MHD_Connection *connection)
{
	struct svc_request *req = calloc(1, sizeof(*req));

	if (req == NULL)
		return NULL;
	req->server = cls;
	req->connection = connection;
	req->uri_len = strlen(uri);
	clock_gettime(CLOCK_MONOTONIC, &req->start);
	return req;
}

/* Completion callback: logs the request and frees its state. */
static void request_end(void *cls, struct MHD_Connection *connection, void **req_cls,
	enum MHD_RequestTerminationCode code)
{
	struct svc_request *req = *req_cls;
	const char *reason = termination_reason(code);
	cJSON *line;

	(void)cls;
	(void)connection;
	if (req == NULL)
		return;

	line = log_record("request");
	cJSON_AddStringToObject(line, "method", req->log_method);
	cJSON_AddStringToObject(line, "path", req->log_path);
	if (req->status != 0)
		cJSON_AddNumberToObject(line, "status", req->status);
	else
		cJSON_AddNullToObject(line, "status");
	cJSON_AddNumberToObject(line, "duration_ms", (double)(long)(elapsed_ms(&req->start) * 1000) / 1000);
	if (reason != NULL)
		cJSON_AddStringToObject(line, "error", reason);
	log_json(line);

	free(req);
	*req_cls = NULL;
}

const char *svc_http_arg(struct svc_request *req, const char *key, const char *fallback, size_t *len)
{
	const char *value = NULL;
	size_t value_len = 0;

	if (MHD_lookup_connection_value_n(req->connection, MHD_GET_ARGUMENT_KIND, key, strlen(key),
			&value, &value_len) != MHD_YES) {
		value = fallback;
		value_len = fallback != NULL ? strlen(fallback) : 0;
	} else if (value == NULL) {
		/* "?key" without "=": Werkzeug gives the empty string */
		value = "";
		value_len = 0;
	}
	if (len != NULL)
		*len = value_len;
	return value;
}

const char *svc_http_method(const struct svc_request *req)
{
	return req->method;
}

const char *svc_http_path(const struct svc_request *req)
{
	return req->path;
}

/* --- responses ------------------------------------------------------------- */

static int queue_response(struct svc_request *req, unsigned status, const char *content_type,
	const char *body, size_t len, const char *allow)
{
	struct MHD_Response *response;
	enum MHD_Result queued;

	if (req->status != 0)
		return -1;
	response = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	if (response == NULL)
		return -1;

	MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(response, "Content-Security-Policy", "default-src 'none'");
	MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (allow != NULL)
		MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, allow);

	queued = MHD_queue_response(req->connection, status, response);
	MHD_destroy_response(response);
	if (queued != MHD_YES)
		return -1;
	req->status = status;
	return 0;
}

int svc_http_respond(struct svc_request *req, unsigned status, const char *content_type,
	const char *body, size_t len)
{
	return queue_response(req, status, content_type, body, len, NULL);
}

int svc_http_respond_textf(struct svc_request *req, unsigned status, const char *fmt, ...)
{
	va_list ap;
	char *body = NULL;
	int len, rc;

	va_start(ap, fmt);
	len = vasprintf(&body, fmt, ap);
	va_end(ap);
	if (len < 0)
		return -1;
	rc = queue_response(req, status, TEXT_HTML, body, (size_t)len, NULL);
	free(body);
	return rc;
}

static int compare_keys(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return strcmp(x->string, y->string);
}

/* Sorts the keys of every object in `item`, as Flask 2.2's JSON_SORT_KEYS does.
 * strcmp() on UTF-8 orders like Python's comparison of code points. */
static void sort_keys(cJSON *item)
{
	size_t count = 0, i = 0;
	cJSON **children, *child;

	for (child = item->child; child != NULL; child = child->next) {
		sort_keys(child);
		count++;
	}
	if (!cJSON_IsObject(item) || count < 2)
		return;

	children = malloc(count * sizeof(*children));
	if (children == NULL)
		return; /* unsorted output is still valid JSON */
	for (child = item->child; child != NULL; child = child->next)
		children[i++] = child;
	qsort(children, count, sizeof(*children), compare_keys);
	for (i = 0; i < count; i++)
		cJSON_DetachItemViaPointer(item, children[i]);
	for (i = 0; i < count; i++)
		cJSON_AddItemToArray(item, children[i]); /* appends and keeps the key */
	free(children);
}

/*
 * Returns a copy of cJSON's output with every non-ASCII character and DEL
 * written as \uXXXX (a surrogate pair above U+FFFF), as Python's json module
 * does with ensure_ascii=True.  Bytes outside ASCII occur only inside
 * strings, so escaping them never breaks the JSON structure.
 * NOTE: each invalid UTF-8 byte becomes one \ufffd, where Python's decoder
 * would sometimes merge a truncated sequence into a single U+FFFD.
 */
static char *escape_non_ascii(const char *text)
{
	size_t len = strlen(text), pos = 0, out = 0;
	/* each byte grows to 6 at most (DEL, or an invalid byte as \ufffd), plus
	 * room for the newline svc_http_respond_json() appends and the NUL */
	char *result = malloc(len * 6 + 2);

	if (result == NULL)
		return NULL;
	while (pos < len) {
		unsigned char c = (unsigned char)text[pos];
		long cp;

		if (c < 0x7f) {
			result[out++] = (char)c;
			pos++;
			continue;
		}
		cp = validate_utf8_next(text, len, &pos);
		if (cp < 0) {
			cp = 0xfffd;
			pos++;
		}
		if (cp >= 0x10000) {
			cp -= 0x10000;
			out += (size_t)sprintf(result + out, "\\u%04lx\\u%04lx", 0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
		} else {
			out += (size_t)sprintf(result + out, "\\u%04lx", cp);
		}
	}
	result[out] = '\0';
	return result;
}

int svc_http_respond_json(struct svc_request *req, unsigned status, cJSON *json)
{
	char *printed = NULL, *escaped = NULL;
	size_t len;
	int rc = -1;

	if (json == NULL)
		return -1;
	sort_keys(json);
	if ((printed = cJSON_PrintUnformatted(json)) == NULL || (escaped = escape_non_ascii(printed)) == NULL)
		goto done;

	/* jsonify() ends the body with a newline */
	len = strlen(escaped);
	escaped[len] = '\n';
	rc = queue_response(req, status, "application/json", escaped, len + 1, NULL);

done:
	free(escaped);
	cJSON_free(printed);
	cJSON_Delete(json);
	return rc;
}

int svc_http_respond_error(struct svc_request *req, unsigned status, const char *message)
{
	cJSON *json = cJSON_CreateObject();

	if (json == NULL || cJSON_AddStringToObject(json, "error", message) == NULL) {
		cJSON_Delete(json);
		return -1;
	}
	return svc_http_respond_json(req, status, json);
}

/* Werkzeug 2.2's names and descriptions, as its HTTPException.get_body() prints them. */
static const struct {
	unsigned status;
	const char *name;
	const char *description;
} error_pages[] = {
	{ 400, "Bad Request", "The browser (or proxy) sent a request that this server could not understand." },
	{ 404, "Not Found", "The requested URL was not found on the server. If you entered the URL manually "
		"please check your spelling and try again." },
	{ 405, "Method Not Allowed", "The method is not allowed for the requested URL." },
	{ 413, "Request Entity Too Large", "The data value transmitted exceeds the capacity limit." },
	{ 414, "Request URI Too Long", "The length of the requested URL exceeds the capacity limit for this "
		"server. The request cannot be processed." },
	{ 500, "Internal Server Error", "The server encountered an internal error and was unable to complete "
		"your request. Either the server is overloaded or there is an error in the application." },
	{ 503, "Service Unavailable", "The server is temporarily unable to service your request due to "
		"maintenance downtime or capacity problems. Please try again later." },
};

static int respond_page(struct svc_request *req, unsigned status, const char *allow)
{
	size_t i, n = sizeof(error_pages) / sizeof(error_pages[0]);
	char body[512];
	int len;

	for (i = 0; i < n && error_pages[i].status != status; i++)
		;
	if (i == n)
		i = n - 2; /* the 500 entry */
	len = snprintf(body, sizeof(body),
		"<!doctype html>\n<html lang=en>\n<title>%u %s</title>\n<h1>%s</h1>\n<p>%s</p>\n",
		status, error_pages[i].name, error_pages[i].name, error_pages[i].description);
	return queue_response(req, status, TEXT_HTML, body, (size_t)len, allow);
}

int svc_http_respond_page(struct svc_request *req, unsigned status)
{
	return respond_page(req, status, NULL);
}

/* --- routing ---------------------------------------------------------------- */

static unsigned method_flag(const char *method)
{
	static const struct { const char *name; unsigned flag; } methods[] = {
		{ "GET", SVC_HTTP_GET }, { "HEAD", SVC_HTTP_GET }, { "POST", SVC_HTTP_POST },
		{ "PUT", SVC_HTTP_PUT }, { "DELETE", SVC_HTTP_DELETE }, { "PATCH", SVC_HTTP_PATCH },
	};

	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(method, methods[i].name) == 0)
			return methods[i].flag;
	return 0;
}

/* Writes the Allow header value for `methods` into `buf`: the same set as
 * Flask's, in a fixed order (Flask's order follows a Python set). */
static void format_allow(char *buf, size_t size, unsigned methods)
{
	size_t len = 0;

	buf[0] = '\0';
	if (methods & SVC_HTTP_GET)
		len += (size_t)snprintf(buf + len, size - len, "GET, HEAD, ");
	if (methods & SVC_HTTP_POST)
		len += (size_t)snprintf(buf + len, size - len, "POST, ");
	if (methods & SVC_HTTP_PUT)
		len += (size_t)snprintf(buf + len, size - len, "PUT, ");
	if (methods & SVC_HTTP_DELETE)
		len += (size_t)snprintf(buf + len, size - len, "DELETE, ");
	if (methods & SVC_HTTP_PATCH)
		len += (size_t)snprintf(buf + len, size - len, "PATCH, ");
	snprintf(buf + len, size - len, "OPTIONS");
}

static int handle_healthz(struct svc_request *req)
{
	return svc_http_respond(req, 200, "text/plain; charset=utf-8", "ok", 2);
}

static const struct svc_http_route healthz_route = { "/healthz", SVC_HTTP_GET, handle_healthz };

static const struct svc_http_route *find_route(const struct server *server, const char *path)
{
	for (size_t i = 0; i < server->n_routes; i++)
		if (strcmp(server->routes[i].path, path) == 0)
			return &server->routes[i];
	if (strcmp(path, healthz_route.path) == 0)
		return &healthz_route;
	return NULL;
}

/* Runs the route for a complete request; afterwards a response is queued. */
static void dispatch(struct svc_request *req)
{
	const struct svc_http_route *route;
	char allow[64];
	int rc;

	if ((route = find_route(req->server, req->path)) == NULL) {
		respond_page(req, 404, NULL);
		return;
	}

	format_allow(allow, sizeof(allow), route->methods);
	if (strcmp(req->method, "OPTIONS") == 0) {
		queue_response(req, 200, TEXT_HTML, "", 0, allow);
		return;
	}
	if ((method_flag(req->method) & route->methods) == 0) {
		respond_page(req, 405, allow);
		return;
	}

	rc = route->handler(req);
	if (req->status == 0) {
		log_message("error", "handler for '%s' returned %d without a response", route->path, rc);
		respond_page(req, 500, NULL);
	}
}

static enum MHD_Result handle_access(void *cls, struct MHD_Connection *connection, const char *url,
	const char *method, const char *version, const char *upload_data, size_t *upload_data_size,
	void **req_cls)
{
	struct svc_request *req = *req_cls;
	const struct svc_http_config *config = ((const struct server *)cls)->config;

	(void)version;
	(void)upload_data;
	if (req == NULL)
		return MHD_NO; /* request_begin() could not allocate */

	/* First call: headers only.  libmicrohttpd accepts a response now or
	 * after the whole body, not in between, so limits are checked here. */
	if (!req->headers_seen) {
		const char *length = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
			MHD_HTTP_HEADER_CONTENT_LENGTH);

		req->headers_seen = true;
		req->connection = connection;
		req->method = method;
		req->path = url;
		snprintf(req->log_method, sizeof(req->log_method), "%s", method);
		snprintf(req->log_path, sizeof(req->log_path), "%s", url);
		if (req->uri_len > config->max_uri)
			respond_page(req, 414, NULL);
		else if (length != NULL && strtoull(length, NULL, 10) > config->max_body)
			respond_page(req, 413, NULL);
		return MHD_YES;
	}

	/* Body chunks: routes read no body, so they are counted and dropped.  A
	 * body without Content-Length that outgrows the limit closes the
	 * connection, because no response can be queued at this point. */
	if (*upload_data_size != 0) {
		req->body_len += *upload_data_size;
		*upload_data_size = 0;
		if (req->body_len > config->max_body && req->status == 0)
			return MHD_NO;
		return MHD_YES;
	}

	if (req->status == 0)
		dispatch(req);
	return req->status != 0 ? MHD_YES : MHD_NO;
}

/* --- configuration ---------------------------------------------------------- */

/* Fills `out` from an IPv4 or IPv6 literal and a port; returns its length or 0. */
static socklen_t make_address(struct sockaddr_storage *out, const char *address, uint16_t port)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)out;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)out;

	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, address, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		return sizeof(*v4);
	}
	if (inet_pton(AF_INET6, address, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(port);
		return sizeof(*v6);
	}
	return 0;
}

int svc_http_config_from_env(struct svc_http_config *out, char *err, size_t err_size)
{
	struct sockaddr_storage check;
	const char *address = getenv("BIND_ADDRESS");
	const char *port = getenv("PORT");

	*out = (struct svc_http_config){
		.bind_address = "127.0.0.1",
		.port = 5000,
		.connection_limit = 64,
		.per_ip_limit = 16,
		.timeout_s = 10,
		.memory_limit = 16 * 1024,
		.max_uri = 2048,
		.max_body = 64 * 1024,
	};

	if (address != NULL && *address != '\0') {
		if (strlen(address) >= sizeof(out->bind_address) || make_address(&check, address, 0) == 0) {
			snprintf(err, err_size, "invalid BIND_ADDRESS '%.64s': expected an IPv4 or IPv6 address "
				"such as 127.0.0.1 or ::1", address);
			return -1;
		}
		snprintf(out->bind_address, sizeof(out->bind_address), "%s", address);
	}
	if (port != NULL && *port != '\0') {
		char *end;
		unsigned long value;

		errno = 0;
		value = strtoul(port, &end, 10);
		if (errno != 0 || *end != '\0' || port[0] == '-' || port[0] == '+' || value < 1 || value > 65535) {
			snprintf(err, err_size, "invalid PORT '%.16s': expected a number from 1 to 65535", port);
			return -1;
		}
		out->port = (uint16_t)value;
	}
	return 0;
}

/* --- lifecycle -------------------------------------------------------------- */

int svc_http_run(const struct svc_http_config *config, const struct svc_http_route *routes, size_t n_routes)
{
	struct server server = { .config = config, .routes = routes, .n_routes = n_routes };
	struct sockaddr_storage address;
	struct MHD_Daemon *daemon;
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
	sigset_t stop_signals;
	int signal_number;

	if (make_address(&address, config->bind_address, config->port) == 0) {
		log_message("error", "invalid bind address '%s'", config->bind_address);
		return -1;
	}
	if (address.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;

	/* Block the stop signals before libmicrohttpd starts its threads, which
	 * inherit the mask, so that only sigwait() below receives them. */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);

	/* the logger goes first so that it also receives errors about later options */
	daemon = MHD_start_daemon(flags, config->port, NULL, NULL, handle_access, &server,
		MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&address,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SVC_HTTP_THREADS,
		MHD_OPTION_CONNECTION_LIMIT, config->connection_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, config->per_ip_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, config->timeout_s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, config->memory_limit,
		MHD_OPTION_URI_LOG_CALLBACK, request_begin, &server,
		MHD_OPTION_NOTIFY_COMPLETED, request_end, &server,
		MHD_OPTION_END);
	if (daemon == NULL) {
		log_message("error", "cannot listen on %s port %u: %s; check that the address exists and the port is free",
			config->bind_address, config->port, strerror(errno));
		return -1;
	}
	log_message("start", "listening on %s port %u", config->bind_address, config->port);

	while (sigwait(&stop_signals, &signal_number) != 0)
		;
	log_message("stop", "received %s, stopping", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
	MHD_stop_daemon(daemon);
	log_message("stop", "stopped");
	return 0;
}

int svc_http_healthcheck(const struct svc_http_config *config)
{
	static const char request[] = "GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n";
	struct timeval timeout = { .tv_sec = HEALTHCHECK_TIMEOUT_S };
	struct sockaddr_storage address;
	socklen_t address_len;
	char response[1024], *body;
	size_t used = 0;
	ssize_t n;
	int fd, healthy;

	address_len = make_address(&address, config->bind_address, config->port);
	if (address_len == 0) {
		fprintf(stderr, "healthcheck: invalid address '%s'\n", config->bind_address);
		return 1;
	}
	/* a server bound to every address is reachable on loopback */
	if (address.ss_family == AF_INET && ((struct sockaddr_in *)&address)->sin_addr.s_addr == htonl(INADDR_ANY))
		((struct sockaddr_in *)&address)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (address.ss_family == AF_INET6 && IN6_IS_ADDR_UNSPECIFIED(&((struct sockaddr_in6 *)&address)->sin6_addr))
		((struct sockaddr_in6 *)&address)->sin6_addr = in6addr_loopback;

	fd = socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) < 0 ||
			setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout)) < 0 ||
			connect(fd, (struct sockaddr *)&address, address_len) < 0 ||
			send(fd, request, sizeof(request) - 1, MSG_NOSIGNAL) < 0) {
		fprintf(stderr, "healthcheck: cannot reach %s port %u: %s\n", config->bind_address, config->port,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	while (used < sizeof(response) - 1 && (n = recv(fd, response + used, sizeof(response) - 1 - used, 0)) > 0)
		used += (size_t)n;
	response[used] = '\0';
	close(fd);

	body = strstr(response, "\r\n\r\n");
	healthy = (strncmp(response, "HTTP/1.0 200 ", 13) == 0 || strncmp(response, "HTTP/1.1 200 ", 13) == 0) &&
		body != NULL && strcmp(body + 4, "ok") == 0;
	if (!healthy) {
		fprintf(stderr, "healthcheck: unexpected response from %s port %u: '%.40s'\n", config->bind_address,
			config->port, response);
		return 1;
	}
	return 0;
}

int svc_http_main(int argc, char **argv, const struct svc_http_route *routes, size_t n_routes)
{
	struct svc_http_config config;
	char err[256];

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--healthcheck") != 0)) {
		fprintf(stderr, "usage: %s [--healthcheck]\n"
			"Serves HTTP on BIND_ADDRESS (default 127.0.0.1) and PORT (default 5000).\n"
			"--healthcheck requests /healthz from that address and exits 0 when healthy.\n", argv[0]);
		return 2;
	}
	if (svc_http_config_from_env(&config, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (argc == 2)
		return svc_http_healthcheck(&config);
	return svc_http_run(&config, routes, n_routes) == 0 ? 0 : 1;
}

/* --- secrets ---------------------------------------------------------------- */

static char *read_secret_file(const char *variable, const char *path)
{
	struct stat st;
	char *value = NULL;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "cannot read secret file '%s' named by %s: %s\n", path, variable, strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > SECRET_MAX) {
		fprintf(stderr, "invalid secret file '%s' named by %s: expected a regular file of at most %d bytes\n",
			path, variable, SECRET_MAX);
		goto done;
	}
	if ((value = malloc((size_t)st.st_size + 1)) == NULL)
		goto done;
	n = read(fd, value, (size_t)st.st_size);
	if (n < 0) {
		fprintf(stderr, "cannot read secret file '%s' named by %s: %s\n", path, variable, strerror(errno));
		free(value);
		value = NULL;
		goto done;
	}
	value[n] = '\0';
	if (n > 0 && value[n - 1] == '\n')
		value[n - 1] = '\0';

done:
	if (fd >= 0)
		close(fd);
	return value;
}

char *svc_secret_read(const char *name)
{
	char variable[128];
	const char *path, *value;

	snprintf(variable, sizeof(variable), "%s_FILE", name);
	if ((path = getenv(variable)) != NULL && *path != '\0')
		return read_secret_file(variable, path);
	if ((value = getenv(name)) != NULL)
		return strdup(value);
	fprintf(stderr, "missing secret: set %s to a file path (a Docker secret) or %s to the value\n", variable, name);
	return NULL;
}
