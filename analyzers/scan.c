/*
 * The scan driver.  It expands the given paths into a list of files,
 * classifies each one (Python, Dockerfile, Compose, daemon.json), and
 * lets a pool of worker threads analyze them.  Each worker takes the
 * next file index from a shared counter and keeps its own analyzer
 * state (a tree-sitter parser, for example), so no lock is held while a
 * file is analyzed.  Results land in a per-file slot and are merged and
 * sorted at the end, so the output does not depend on the thread count.
 */
#include "scan.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer.h"
#include "error.h"

#define TARGET_COUNT 4

/* Directory names Bandit 1.9.4 skips by default, plus node_modules, which
 * holds third-party code rather than the project's.  Virtual environments
 * are recognised by their pyvenv.cfg instead of by name (see walk()),
 * because a package may well be called "venv", as the standard library's
 * is. */
static const char *default_excludes[] = {
	".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".eggs",
	"*.egg", "node_modules", NULL,
};

static const analyzer *analyzer_for(target kind)
{
	switch (kind) {
	case TARGET_PYTHON: return &python_analyzer;
	case TARGET_DOCKERFILE: return &dockerfile_analyzer;
	case TARGET_COMPOSE: return &compose_analyzer;
	case TARGET_DAEMON: return &daemon_analyzer;
	}
	return NULL;
}

void scan_config_init(scan_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->min_severity = LEVEL_UNDEFINED;
	cfg->min_confidence = LEVEL_UNDEFINED;
	cfg->exclude = default_excludes;
	cfg->jobs = 0;
	cfg->context_lines = 3;
	/* A parsed tree takes about 150 bytes of memory per byte of Python
	 * source (measured on generated files with tree-sitter 0.20.7), so
	 * 10 MiB keeps one file near 1.5 GB.  The largest file of CPython's
	 * standard library is under 1 MiB. */
	cfg->max_file_bytes = 10u << 20;
}

static bool list_contains(const char **list, const char *id)
{
	for (; list && *list; list++)
		if (strcmp(*list, id) == 0)
			return true;
	return false;
}

bool scan_rule_enabled(const scan_config *cfg, const char *id)
{
	if (cfg->tests && cfg->tests[0] && !list_contains(cfg->tests, id))
		return false;
	return !list_contains(cfg->skip, id);
}

/* --- classification ------------------------------------------------------- */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int scan_classify(const char *path, const char *head, size_t head_len,
		  target *out)
{
	const char *name = base_name(path);

	if (has_suffix(name, ".py") || has_suffix(name, ".pyw")) {
		*out = TARGET_PYTHON;
		return RM_OK;
	}
	if (strcmp(name, "Dockerfile") == 0 ||
	    strcmp(name, "Containerfile") == 0 ||
	    strncmp(name, "Dockerfile.", 11) == 0 ||
	    has_suffix(name, ".Dockerfile") || has_suffix(name, ".dockerfile")) {
		*out = TARGET_DOCKERFILE;
		return RM_OK;
	}
	if (fnmatch("docker-compose.y*ml", name, 0) == 0 ||
	    fnmatch("docker-compose.*.y*ml", name, 0) == 0 ||
	    fnmatch("compose.y*ml", name, 0) == 0 ||
	    fnmatch("compose.*.y*ml", name, 0) == 0) {
		if (has_suffix(name, ".yml") || has_suffix(name, ".yaml")) {
			*out = TARGET_COMPOSE;
			return RM_OK;
		}
	}
	if (strcmp(name, "daemon.json") == 0) {
		*out = TARGET_DAEMON;
		return RM_OK;
	}

	/* An extensionless script whose shebang names Python. */
	if (!strchr(name, '.') && head && head_len > 2 && head[0] == '#' &&
	    head[1] == '!') {
		size_t end = 0;
		while (end < head_len && head[end] != '\n')
			end++;
		if (memmem(head, end, "python", 6)) {
			*out = TARGET_PYTHON;
			return RM_OK;
		}
	}
	return RM_ENOTFOUND;
}

/* --- collecting files ----------------------------------------------------- */

typedef struct scan_file {
	char *path;
	target kind;
	bool from_stdin;
	/* Filled by the worker that analyzes the file. */
	finding_list findings;
	file_metrics metrics;
	char *error;        /* reason the file was skipped, or NULL */
	bool analyzed;
} scan_file;

typedef struct file_set {
	scan_file *items;
	size_t count, cap;
	scan_error *errors;
	size_t errors_count, errors_cap;
} file_set;

static void add_file(file_set *set, const char *path, target kind)
{
	scan_file *f;

	if (set->count == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 64;
		set->items = rm_xrealloc(set->items,
					 set->cap * sizeof(scan_file));
	}
	f = &set->items[set->count++];
	memset(f, 0, sizeof(*f));
	f->path = rm_xstrdup(path);
	f->kind = kind;
}

static void add_error(file_set *set, const char *path, const char *reason)
{
	if (set->errors_count == set->errors_cap) {
		set->errors_cap = set->errors_cap ? set->errors_cap * 2 : 8;
		set->errors = rm_xrealloc(set->errors,
					  set->errors_cap * sizeof(scan_error));
	}
	set->errors[set->errors_count].path = rm_xstrdup(path);
	set->errors[set->errors_count].reason = rm_xstrdup(reason);
	set->errors_count++;
}

/* Returns true when `path` is left out.  A directory's path is also
 * tried with a trailing '/', so that `-x vendor/` prunes the folder
 * vendor as Bandit's substring test leaves out every file below it. */
static bool is_excluded(const scan_config *cfg, const char *path, bool dir)
{
	const char *name = base_name(path);

	for (const char **p = cfg->exclude; p && *p; p++) {
		if (fnmatch(*p, name, 0) == 0)
			return true;
		if (strchr(*p, '/') && fnmatch(*p, path, 0) == 0)
			return true;
	}
	for (const char **p = cfg->exclude_parts; p && *p; p++) {
		size_t n = strlen(*p), len = strlen(path);

		if (n == 0)
			continue;
		if (strstr(path, *p))
			return true;
		/* "vendor/" against the folder "proj/vendor". */
		if (dir && (*p)[n - 1] == '/' && n - 1 <= len &&
		    memcmp(path + len - (n - 1), *p, n - 1) == 0)
			return true;
	}
	return false;
}

/* Reads the first bytes of a file for shebang detection. */
static size_t read_head(const char *path, char *buf, size_t size)
{
	FILE *file = fopen(path, "rb");
	size_t n;

	if (!file)
		return 0;
	n = fread(buf, 1, size, file);
	fclose(file);
	return n;
}

static void classify_and_add(file_set *set, const char *path, bool explicit)
{
	char head[256];
	size_t n = 0;
	target kind;
	const char *name = base_name(path);

	/* Only read the head of extensionless files: the shebang check is
	 * the one case that looks inside, and reading is the slow part. */
	if (!strchr(name, '.'))
		n = read_head(path, head, sizeof(head));
	if (scan_classify(path, head, n, &kind) == RM_OK) {
		add_file(set, path, kind);
		return;
	}
	if (explicit)
		add_error(set, path,
			  "not a Python file, Dockerfile, Compose file or "
			  "daemon.json: nothing to scan");
}

/* Returns true for a virtual environment: Python's venv module and
 * virtualenv both write pyvenv.cfg at its top. */
static bool is_virtualenv(const char *dir)
{
	char *marker = rm_xasprintf("%s/pyvenv.cfg", dir);
	struct stat st;
	bool found = stat(marker, &st) == 0 && S_ISREG(st.st_mode);

	free(marker);
	return found;
}

static void walk(file_set *set, const scan_config *cfg, const char *dir,
		 int depth)
{
	DIR *handle;
	struct dirent *entry;
	char **names = NULL;
	size_t count = 0, cap = 0;

	/* Deep trees are almost always a symlink loop or an attack. */
	if (depth > 64) {
		add_error(set, dir, "directory nesting deeper than 64 levels: not scanned");
		return;
	}
	handle = opendir(dir);
	if (!handle) {
		char reason[256];
		snprintf(reason, sizeof(reason), "cannot open directory: %s",
			 strerror(errno));
		add_error(set, dir, reason);
		return;
	}
	while ((entry = readdir(handle))) {
		if (strcmp(entry->d_name, ".") == 0 ||
		    strcmp(entry->d_name, "..") == 0)
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 32;
			names = rm_xrealloc(names, cap * sizeof(char *));
		}
		names[count++] = rm_xstrdup(entry->d_name);
	}
	closedir(handle);

	for (size_t i = 0; i < count; i++) {
		bool root = strcmp(dir, "/") == 0;
		char *path = rm_xasprintf("%s%s%s", dir, root ? "" : "/",
					  names[i]);
		struct stat st;

		free(names[i]);
		/* Links to directories are not followed, so a link cannot lead
		 * the walk into a loop or out of the tree; links to regular
		 * files are scanned under the link's name, as Bandit does. */
		if (lstat(path, &st) < 0) {
			/* A folder that can be listed but not searched, or a
			 * path over PATH_MAX, is reported instead of skipped in
			 * silence.  A file removed since the listing is gone. */
			if (errno != ENOENT) {
				char reason[256];

				snprintf(reason, sizeof(reason), "cannot read: %s",
					 strerror(errno));
				add_error(set, path, reason);
			}
		} else if (!is_excluded(cfg, path, S_ISDIR(st.st_mode))) {
			if (S_ISDIR(st.st_mode)) {
				if (!is_virtualenv(path))
					walk(set, cfg, path, depth + 1);
			} else if (S_ISREG(st.st_mode)) {
				classify_and_add(set, path, false);
			} else if (S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
				   S_ISREG(st.st_mode)) {
				classify_and_add(set, path, false);
			}
		}
		free(path);
	}
	free(names);
}

static char *strip_trailing_slashes(const char *path)
{
	char *copy = rm_xstrdup(path);
	size_t n = strlen(copy);

	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	return copy;
}

static void collect(file_set *set, const char **paths, size_t path_count,
		    const scan_config *cfg)
{
	for (size_t i = 0; i < path_count; i++) {
		struct stat st;
		char *path;

		if (strcmp(paths[i], "-") == 0) {
			add_file(set, "<stdin>", TARGET_PYTHON);
			set->items[set->count - 1].from_stdin = true;
			continue;
		}
		path = strip_trailing_slashes(paths[i]);
		if (stat(path, &st) < 0) {
			char reason[256];
			snprintf(reason, sizeof(reason), "%s",
				 errno == ENOENT ? "no such file or directory"
						 : strerror(errno));
			add_error(set, path, reason);
		} else if (S_ISDIR(st.st_mode)) {
			walk(set, cfg, path, 0);
		} else if (S_ISREG(st.st_mode)) {
			classify_and_add(set, path, true);
		} else {
			add_error(set, path, "not a regular file or directory");
		}
		free(path);
	}
}

/* --- analysis ------------------------------------------------------------- */

static source *read_stdin(const scan_config *cfg, char **error)
{
	size_t cap = 65536, len = 0, n;
	char *buf = rm_xmalloc(cap);
	source *src;

	while ((n = fread(buf + len, 1, cap - len, stdin)) > 0) {
		len += n;
		if (cfg->max_file_bytes && len > cfg->max_file_bytes) {
			*error = rm_xasprintf("larger than %zu bytes",
					      cfg->max_file_bytes);
			free(buf);
			return NULL;
		}
		if (len == cap) {
			cap *= 2;
			buf = rm_xrealloc(buf, cap);
		}
	}
	/* A closed standard input or a directory on it reads as an error,
	 * not as an empty file. */
	if (ferror(stdin)) {
		*error = rm_xasprintf("cannot read standard input: %s", strerror(errno));
		free(buf);
		return NULL;
	}
	src = source_from_bytes("<stdin>", buf, len);
	free(buf);
	return src;
}

/* Strips the "cannot read 'path': " prefix so JSON reasons read like
 * Bandit's, which name the file in a separate field. */
static char *reason_from_error(const char *message)
{
	const char *colon = strstr(message, "': ");

	return rm_xstrdup(colon ? colon + 3 : message);
}

/*
 * Python reads a bare "\r" as a line break, but the tree-sitter grammar
 * does not.  Replacing each one by "\n" keeps every byte offset, and the
 * source's line index already counts bare "\r", so findings keep their
 * places.  Only the analysis copy changes: fixers read the file again.
 */
static void normalize_bare_cr(source *src)
{
	char *first_cr = memchr(src->text, '\r', src->len);
	size_t start = first_cr ? (size_t)(first_cr - src->text) : src->len;

	for (size_t i = start; i < src->len; i++)
		if (src->text[i] == '\r' &&
		    (i + 1 == src->len || src->text[i + 1] != '\n'))
			src->text[i] = '\n';
}

static void analyze_one(scan_file *file, void **states, const scan_config *cfg)
{
	const analyzer *a = analyzer_for(file->kind);
	source *src = NULL;
	int error;

	file->metrics.path = rm_xstrdup(file->path);
	if (file->from_stdin) {
		src = read_stdin(cfg, &file->error);
		if (!src)
			return;
	} else {
		error = source_load(&src, file->path, cfg->max_file_bytes);
		if (error < 0) {
			file->error = reason_from_error(rm_error_last());
			return;
		}
	}

	/* Python sources may declare another encoding, which the Python
	 * analyzer handles; every other kind must be UTF-8 text. */
	if (file->kind != TARGET_PYTHON && source_is_binary(src)) {
		file->error = rm_xstrdup("binary or not valid UTF-8: not scanned");
		goto done;
	}
	if (file->kind != TARGET_PYTHON && src->len == 0) {
		file->error = rm_xstrdup("empty file: nothing to scan");
		goto done;
	}

	if (file->kind == TARGET_PYTHON)
		normalize_bare_cr(src);
	if (!states[file->kind] && a->thread_new)
		states[file->kind] = a->thread_new();
	rm_error_clear();
	error = a->analyze(states[file->kind], src, cfg, &file->findings,
			   &file->metrics);
	if (error < 0) {
		const char *reason = rm_error_last();
		file->error = rm_xstrdup(*reason ? reason : "could not be analyzed");
		finding_list_clear(&file->findings);
		goto done;
	}
	file->analyzed = true;

done:
	source_free(src);
}

typedef struct pool {
	file_set *set;
	const scan_config *cfg;
	atomic_size_t next;
	atomic_size_t done;
	bool progress;
} pool;

static void *worker(void *arg)
{
	pool *p = arg;
	void *states[TARGET_COUNT] = { 0 };
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->set->count) {
		size_t done;

		analyze_one(&p->set->items[i], states, p->cfg);
		done = atomic_fetch_add(&p->done, 1) + 1;
		if (p->progress && (done % 64 == 0 || done == p->set->count))
			fprintf(stderr, "\rscanned %zu/%zu files", done,
				p->set->count);
	}
	for (int k = 0; k < TARGET_COUNT; k++) {
		const analyzer *a = analyzer_for((target)k);
		if (states[k] && a->thread_free)
			a->thread_free(states[k]);
	}
	return NULL;
}

static int thread_count(const scan_config *cfg, size_t files)
{
	long n = cfg->jobs;

	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	if (n > 256)
		n = 256;
	if ((size_t)n > files)
		n = files ? (long)files : 1;
	return (int)n;
}

static int run_pool(file_set *set, const scan_config *cfg)
{
	pool p = { .set = set, .cfg = cfg };
	int n = thread_count(cfg, set->count);
	pthread_t *threads;
	int started = 0;

	p.progress = cfg->progress && isatty(STDERR_FILENO) &&
		     set->count >= 64;
	atomic_init(&p.next, 0);
	atomic_init(&p.done, 0);
	if (n == 1 || set->count <= 1) {
		worker(&p);
	} else {
		threads = rm_xcalloc((size_t)n, sizeof(pthread_t));
		for (int i = 0; i < n; i++)
			if (pthread_create(&threads[i], NULL, worker, &p) == 0)
				started++;
		/* If no thread could start, do the work here instead. */
		if (started == 0)
			worker(&p);
		for (int i = 0; i < started; i++)
			pthread_join(threads[i], NULL);
		free(threads);
	}
	if (p.progress)
		fputs("\r\033[K", stderr);
	return RM_OK;
}

/* --- merging -------------------------------------------------------------- */

static int compare_metrics(const void *a, const void *b)
{
	return strcmp(((const file_metrics *)a)->path,
		      ((const file_metrics *)b)->path);
}

static int compare_errors(const void *a, const void *b)
{
	return strcmp(((const scan_error *)a)->path,
		      ((const scan_error *)b)->path);
}

static void merge(scan_result *result, file_set *set, const scan_config *cfg)
{
	memset(result, 0, sizeof(*result));
	result->metrics = rm_xcalloc(set->count, sizeof(file_metrics));
	result->errors = rm_xcalloc(set->count + set->errors_count,
				    sizeof(scan_error));

	for (size_t i = 0; i < set->errors_count; i++)
		result->errors[result->errors_count++] = set->errors[i];

	for (size_t i = 0; i < set->count; i++) {
		scan_file *file = &set->items[i];
		finding_list *list = &file->findings;

		if (!file->analyzed) {
			result->errors[result->errors_count].path = file->path;
			result->errors[result->errors_count].reason =
				file->error ? file->error : rm_xstrdup("not analyzed");
			result->errors_count++;
			free(file->metrics.path);
			continue;
		}
		result->files_scanned++;
		for (size_t j = 0; j < list->count; j++) {
			finding *f = &list->items[j];
			file->metrics.severity[f->severity]++;
			file->metrics.confidence[f->confidence]++;
			result->severity_totals[f->severity]++;
			result->confidence_totals[f->confidence]++;
		}
		/* Apply the report filters after counting, as Bandit does. */
		for (size_t j = list->count; j-- > 0;) {
			finding *f = &list->items[j];
			if (f->severity < cfg->min_severity ||
			    f->confidence < cfg->min_confidence)
				finding_list_remove(list, j);
		}
		finding_list_move(&result->findings, list);
		finding_list_clear(list);
		result->metrics[result->metrics_count++] = file->metrics;
		free(file->path);
		free(file->error);
	}
	free(set->items);
	free(set->errors);

	finding_list_sort(&result->findings);
	qsort(result->metrics, result->metrics_count, sizeof(file_metrics),
	      compare_metrics);
	qsort(result->errors, result->errors_count, sizeof(scan_error),
	      compare_errors);
}

int scan_paths(scan_result *result, const char **paths, size_t path_count,
	       const scan_config *cfg)
{
	file_set set = { 0 };
	int error;

	collect(&set, paths, path_count, cfg);
	error = run_pool(&set, cfg);
	merge(result, &set, cfg);
	return error;
}

int scan_source(scan_result *result, const source *src, target kind,
		const scan_config *cfg)
{
	file_set set = { 0 };
	scan_file *file;
	const analyzer *a = analyzer_for(kind);
	void *state = a->thread_new ? a->thread_new() : NULL;
	source *copy = NULL;
	int error;

	add_file(&set, src->path, kind);
	file = &set.items[0];
	file->metrics.path = rm_xstrdup(src->path);
	if (kind == TARGET_PYTHON && memchr(src->text, '\r', src->len)) {
		copy = source_from_bytes(src->path, src->text, src->len);
		normalize_bare_cr(copy);
		src = copy;
	}
	rm_error_clear();
	error = a->analyze(state, src, cfg, &file->findings, &file->metrics);
	if (error < 0) {
		file->error = rm_xstrdup(rm_error_last());
		finding_list_clear(&file->findings);
	} else {
		file->analyzed = true;
	}
	if (state && a->thread_free)
		a->thread_free(state);
	source_free(copy);
	merge(result, &set, cfg);
	return RM_OK;
}

void scan_result_free(scan_result *result)
{
	finding_list_clear(&result->findings);
	for (size_t i = 0; i < result->metrics_count; i++)
		free(result->metrics[i].path);
	for (size_t i = 0; i < result->errors_count; i++) {
		free(result->errors[i].path);
		free(result->errors[i].reason);
	}
	free(result->metrics);
	free(result->errors);
	memset(result, 0, sizeof(*result));
}
