/*
 * The Python analyzer: Bandit 1.9.4's checks, re-implemented over a
 * tree-sitter tree so that results match Bandit's JSON on (file, line,
 * test id) wherever the two trees agree.
 *
 * Each file is parsed once and walked once with a TSTreeCursor.  The walk
 * dispatches on the node's symbol, which thread_new() maps to a small
 * `kind` enum.  It keeps its own stack of ancestors because
 * ts_node_parent() rescans from the root.  It builds the import/alias
 * table as it meets import statements, so, as in Bandit, a call is
 * resolved with the imports seen before it.  It also collects `# nosec`
 * comments and records candidate findings, which are filtered by
 * `# nosec` after the walk and appended to the caller's list.
 *
 * Nothing is allocated per node: names and string values are read from
 * the source buffer by byte range into buffers that the per-thread state
 * reuses from file to file.  "Dangerous call" rules are rows of the
 * tables below (process_functions, call_blacklist, import_blacklist).
 */
#include "analyzer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "python/python.h"

/* --- rules --------------------------------------------------------------- */

enum rule_index {
	R_B101, R_B102, R_B104, R_B105, R_B106, R_B107, R_B110, R_B201,
	R_B307, R_B404, R_B602, R_B603, R_B604, R_B605, R_B606, R_B607,
	R_RP401,
	R_COUNT
};

static const char *const rule_ids[R_COUNT] = {
	"B101", "B102", "B104", "B105", "B106", "B107", "B110", "B201",
	"B307", "B404", "B602", "B603", "B604", "B605", "B606", "B607",
	"RP401",
};

/* Bandit's lists of process-starting functions (config key
 * shell_injection in Bandit 1.9.4), matched on the qualified call name. */
enum process_kind { PROC_NONE, PROC_SUBPROCESS, PROC_SHELL, PROC_NO_SHELL };

static const struct {
	const char *name;
	enum process_kind kind;
} process_functions[] = {
	{ "subprocess.Popen", PROC_SUBPROCESS },
	{ "subprocess.call", PROC_SUBPROCESS },
	{ "subprocess.check_call", PROC_SUBPROCESS },
	{ "subprocess.check_output", PROC_SUBPROCESS },
	{ "subprocess.run", PROC_SUBPROCESS },
	{ "os.system", PROC_SHELL },
	{ "os.popen", PROC_SHELL },
	{ "os.popen2", PROC_SHELL },
	{ "os.popen3", PROC_SHELL },
	{ "os.popen4", PROC_SHELL },
	{ "popen2.popen2", PROC_SHELL },
	{ "popen2.popen3", PROC_SHELL },
	{ "popen2.popen4", PROC_SHELL },
	{ "popen2.Popen3", PROC_SHELL },
	{ "popen2.Popen4", PROC_SHELL },
	{ "commands.getoutput", PROC_SHELL },
	{ "commands.getstatusoutput", PROC_SHELL },
	{ "subprocess.getoutput", PROC_SHELL },
	{ "subprocess.getstatusoutput", PROC_SHELL },
	{ "os.execl", PROC_NO_SHELL },
	{ "os.execle", PROC_NO_SHELL },
	{ "os.execlp", PROC_NO_SHELL },
	{ "os.execlpe", PROC_NO_SHELL },
	{ "os.execv", PROC_NO_SHELL },
	{ "os.execve", PROC_NO_SHELL },
	{ "os.execvp", PROC_NO_SHELL },
	{ "os.execvpe", PROC_NO_SHELL },
	{ "os.spawnl", PROC_NO_SHELL },
	{ "os.spawnle", PROC_NO_SHELL },
	{ "os.spawnlp", PROC_NO_SHELL },
	{ "os.spawnlpe", PROC_NO_SHELL },
	{ "os.spawnv", PROC_NO_SHELL },
	{ "os.spawnve", PROC_NO_SHELL },
	{ "os.spawnvp", PROC_NO_SHELL },
	{ "os.spawnvpe", PROC_NO_SHELL },
	{ "os.startfile", PROC_NO_SHELL },
};

/* Call blacklist (B3xx): exact match on the qualified call name.  Bandit
 * reports at most one blacklist hit per call, the first row that matches,
 * and compares call names against the import rows too (exactly), which
 * is how `__import__("subprocess")` becomes B404. */
static const struct {
	const char *name;
	enum rule_index rule;
} call_blacklist[] = {
	{ "eval", R_B307 },
};

/* Import blacklist (B4xx): prefix match on the imported dotted name
 * (`module.name` for from-imports); one hit per statement. */
static const struct {
	const char *prefix;
	enum rule_index rule;
} import_blacklist[] = {
	{ "subprocess", R_B404 },
};

/* Every test id and name that Bandit 1.9.4 accepts, so that `# nosec <list>`
 * recognises the same tokens Bandit does; a list in which no token is
 * recognised is a blanket nosec.  Names are Bandit's plugin entry-point
 * names and blacklist names. */
static const struct {
	const char *id;
	const char *name;
} nosec_names[] = {
	{ "B001", "blacklist" },
	{ "B101", "assert_used" }, { "B102", "exec_used" },
	{ "B103", "set_bad_file_permissions" },
	{ "B104", "hardcoded_bind_all_interfaces" },
	{ "B105", "hardcoded_password_string" },
	{ "B106", "hardcoded_password_funcarg" },
	{ "B107", "hardcoded_password_default" },
	{ "B108", "hardcoded_tmp_directory" }, { "B110", "try_except_pass" },
	{ "B112", "try_except_continue" },
	{ "B113", "request_without_timeout" },
	{ "B201", "flask_debug_true" }, { "B202", "tarfile_unsafe_members" },
	{ "B301", "pickle" }, { "B302", "marshal" }, { "B303", "md5" },
	{ "B304", "ciphers" }, { "B305", "cipher_modes" },
	{ "B306", "mktemp_q" }, { "B307", "eval" }, { "B308", "mark_safe" },
	{ "B310", "urllib_urlopen" }, { "B311", "random" },
	{ "B312", "telnetlib" }, { "B313", "xml_bad_cElementTree" },
	{ "B314", "xml_bad_ElementTree" }, { "B315", "xml_bad_expatreader" },
	{ "B316", "xml_bad_expatbuilder" }, { "B317", "xml_bad_sax" },
	{ "B318", "xml_bad_minidom" }, { "B319", "xml_bad_pulldom" },
	{ "B321", "ftplib" }, { "B323", "unverified_context" },
	{ "B324", "hashlib_insecure_functions" },
	{ "B401", "import_telnetlib" }, { "B402", "import_ftplib" },
	{ "B403", "import_pickle" }, { "B404", "import_subprocess" },
	{ "B405", "import_xml_etree" }, { "B406", "import_xml_sax" },
	{ "B407", "import_xml_expat" }, { "B408", "import_xml_minidom" },
	{ "B409", "import_xml_pulldom" }, { "B411", "import_xmlrpclib" },
	{ "B412", "import_httpoxy" }, { "B413", "import_pycrypto" },
	{ "B415", "import_pyghmi" },
	{ "B501", "request_with_no_cert_validation" },
	{ "B502", "ssl_with_bad_version" }, { "B503", "ssl_with_bad_defaults" },
	{ "B504", "ssl_with_no_version" }, { "B505", "weak_cryptographic_key" },
	{ "B506", "yaml_load" }, { "B507", "ssh_no_host_key_verification" },
	{ "B508", "snmp_insecure_version" }, { "B509", "snmp_weak_cryptography" },
	{ "B601", "paramiko_calls" },
	{ "B602", "subprocess_popen_with_shell_equals_true" },
	{ "B603", "subprocess_without_shell_equals_true" },
	{ "B604", "any_other_function_with_shell_equals_true" },
	{ "B605", "start_process_with_a_shell" },
	{ "B606", "start_process_with_no_shell" },
	{ "B607", "start_process_with_partial_path" },
	{ "B608", "hardcoded_sql_expressions" },
	{ "B609", "linux_commands_wildcard_injection" },
	{ "B610", "django_extra_used" }, { "B611", "django_rawsql_used" },
	{ "B612", "logging_config_insecure_listen" },
	{ "B613", "trojansource" }, { "B614", "pytorch_load" },
	{ "B615", "huggingface_unsafe_download" },
	{ "B701", "jinja2_autoescape_false" },
	{ "B702", "use_of_mako_templates" }, { "B703", "django_mark_safe" },
	{ "B704", "markupsafe_markup_xss" },
	{ "RP401", "bind_all_interfaces_ipv6_or_empty" },
};

/* --- node kinds ------------------------------------------------------------ */

enum kind {
	K_OTHER = 0,
	K_ERROR,
	K_COMMENT,
	K_IDENTIFIER,
	K_ATTRIBUTE,
	K_PARENTHESIZED,
	K_CALL,
	K_ARGUMENT_LIST,
	K_KEYWORD_ARGUMENT,
	K_LIST_SPLAT,
	K_DICTIONARY_SPLAT,
	K_STRING,
	K_CONCATENATED_STRING,
	K_INTEGER,
	K_FLOAT,
	K_TRUE,
	K_FALSE,
	K_NONE,
	K_ELLIPSIS,
	K_LIST,
	K_TUPLE,
	K_DICTIONARY,
	K_PAIR,
	K_SUBSCRIPT,
	K_COMPARISON,
	K_ASSIGNMENT,
	K_AUGMENTED_ASSIGNMENT,
	K_EXPRESSION_STATEMENT,
	K_EXPRESSION_LIST,
	K_IMPORT,
	K_IMPORT_FROM,
	K_FUTURE_IMPORT,
	K_DOTTED_NAME,
	K_ALIASED_IMPORT,
	K_RELATIVE_IMPORT,
	K_WILDCARD_IMPORT,
	K_ASSERT,
	K_EXCEPT,
	K_EXCEPT_GROUP,
	K_BLOCK,
	K_PASS,
	K_FUNCTION_DEFINITION,
	K_PARAMETERS,
	K_LAMBDA_PARAMETERS,
	K_DEFAULT_PARAMETER,
	K_TYPED_DEFAULT_PARAMETER,
	K_TYPED_PARAMETER,
	K_LIST_SPLAT_PATTERN,
	K_DICTIONARY_SPLAT_PATTERN,
	K_KEYWORD_SEPARATOR,
	K_POSITIONAL_SEPARATOR,
	K_TYPE,
	K_AS_PATTERN,
	K_TUPLE_PATTERN,
	K_ASYNC,          /* the anonymous "async" keyword */
	K_COUNT
};

static const struct {
	const char *name;
	bool named;
	enum kind kind;
} kind_names[] = {
	{ "comment", true, K_COMMENT },
	{ "identifier", true, K_IDENTIFIER },
	{ "attribute", true, K_ATTRIBUTE },
	{ "parenthesized_expression", true, K_PARENTHESIZED },
	{ "call", true, K_CALL },
	{ "argument_list", true, K_ARGUMENT_LIST },
	{ "keyword_argument", true, K_KEYWORD_ARGUMENT },
	{ "list_splat", true, K_LIST_SPLAT },
	{ "dictionary_splat", true, K_DICTIONARY_SPLAT },
	{ "string", true, K_STRING },
	{ "concatenated_string", true, K_CONCATENATED_STRING },
	{ "integer", true, K_INTEGER },
	{ "float", true, K_FLOAT },
	{ "true", true, K_TRUE },
	{ "false", true, K_FALSE },
	{ "none", true, K_NONE },
	{ "ellipsis", true, K_ELLIPSIS },
	{ "list", true, K_LIST },
	{ "tuple", true, K_TUPLE },
	{ "dictionary", true, K_DICTIONARY },
	{ "pair", true, K_PAIR },
	{ "subscript", true, K_SUBSCRIPT },
	{ "comparison_operator", true, K_COMPARISON },
	{ "assignment", true, K_ASSIGNMENT },
	{ "augmented_assignment", true, K_AUGMENTED_ASSIGNMENT },
	{ "expression_statement", true, K_EXPRESSION_STATEMENT },
	{ "expression_list", true, K_EXPRESSION_LIST },
	{ "import_statement", true, K_IMPORT },
	{ "import_from_statement", true, K_IMPORT_FROM },
	{ "future_import_statement", true, K_FUTURE_IMPORT },
	{ "dotted_name", true, K_DOTTED_NAME },
	{ "aliased_import", true, K_ALIASED_IMPORT },
	{ "relative_import", true, K_RELATIVE_IMPORT },
	{ "wildcard_import", true, K_WILDCARD_IMPORT },
	{ "assert_statement", true, K_ASSERT },
	{ "except_clause", true, K_EXCEPT },
	{ "except_group_clause", true, K_EXCEPT_GROUP },
	{ "block", true, K_BLOCK },
	{ "pass_statement", true, K_PASS },
	{ "function_definition", true, K_FUNCTION_DEFINITION },
	{ "parameters", true, K_PARAMETERS },
	{ "lambda_parameters", true, K_LAMBDA_PARAMETERS },
	{ "default_parameter", true, K_DEFAULT_PARAMETER },
	{ "typed_default_parameter", true, K_TYPED_DEFAULT_PARAMETER },
	{ "typed_parameter", true, K_TYPED_PARAMETER },
	{ "list_splat_pattern", true, K_LIST_SPLAT_PATTERN },
	{ "dictionary_splat_pattern", true, K_DICTIONARY_SPLAT_PATTERN },
	{ "keyword_separator", true, K_KEYWORD_SEPARATOR },
	{ "positional_separator", true, K_POSITIONAL_SEPARATOR },
	{ "type", true, K_TYPE },
	{ "as_pattern", true, K_AS_PATTERN },
	{ "tuple_pattern", true, K_TUPLE_PATTERN },
	{ "async", false, K_ASYNC },
};

/* --- per-thread state ------------------------------------------------------ */

/* One `import x as y` / `from m import n as k` binding: name -> qualified
 * name, both stored in state->names. */
typedef struct alias {
	size_t name_off, name_len;
	size_t qual_off, qual_len;
} alias;

/* A run of bytes in state->names. */
typedef struct span {
	size_t off, len;
} span;

/* A `# nosec` comment: the tokens it recognised, as indexes into
 * state->nosec_ids; count 0 means a blanket nosec. */
typedef struct nosec_entry {
	int line;
	size_t first, count;
} nosec_entry;

/* What the nosec filter needs to know about a candidate finding. */
typedef struct candidate_meta {
	bool explicit_line;   /* the check chose the line (Bandit's lineno=) */
} candidate_meta;

typedef struct py_state {
	TSParser *parser;
	uint8_t *kinds;            /* symbol id -> enum kind */
	uint32_t symbol_count;
	TSFieldId f_function, f_arguments, f_object, f_attribute, f_name,
		f_alias, f_value, f_left, f_right, f_type, f_key,
		f_module_name, f_parameters;
	const rule *rules[R_COUNT];

	/* Reused from file to file. */
	TSNode *stack;             /* ancestors of the current node */
	size_t stack_cap;
	TSNode *chain;             /* attribute chain scratch */
	size_t chain_cap;
	py_buffer names;           /* alias names and qualified names */
	alias *aliases;
	size_t alias_count, alias_cap;
	span *imports;             /* imported names, in walk order */
	size_t import_count, import_cap;
	span *stars;               /* modules of `from m import *` */
	size_t star_count, star_cap;
	nosec_entry *nosec;
	size_t nosec_count, nosec_cap;
	const char **nosec_ids;
	size_t nosec_id_count, nosec_id_cap;
	candidate_meta *meta;
	size_t meta_cap;
	py_buffer qual;            /* the current call's qualified name */
	py_buffer value;           /* a decoded string value */
	py_buffer value2;          /* a second decoded value */
	py_buffer scratch;
	py_buffer message;
} py_state;

/* Everything one analyze() call needs while it walks. */
typedef struct walk {
	py_state *st;
	const source *src;
	const char *text;
	const scan_config *cfg;
	bool enabled[R_COUNT];
	bool latin1;               /* the coding cookie declares latin-1 */
	size_t depth;              /* number of ancestors on st->stack */
	finding_list pending;
	const char *syntax_reason;
	TSNode syntax_node;
} walk;

#define GROW(ptr, cap, need) \
	do { \
		if ((need) > (cap)) { \
			size_t grow_cap = (cap) ? (cap) * 2 : 16; \
			while (grow_cap < (need)) \
				grow_cap *= 2; \
			(ptr) = rm_xrealloc((ptr), grow_cap * sizeof(*(ptr))); \
			(cap) = grow_cap; \
		} \
	} while (0)

static TSFieldId field(const char *name)
{
	return ts_language_field_id_for_name(py_language(), name,
					     (uint32_t)strlen(name));
}

static void *thread_new(void)
{
	py_state *st = rm_xcalloc(1, sizeof(*st));
	const TSLanguage *lang = py_language();

	st->parser = ts_parser_new();
	if (!ts_parser_set_language(st->parser, lang)) {
		ts_parser_delete(st->parser);
		free(st);
		return NULL;
	}

	/* Map every symbol id to a kind by name, so aliased symbols that
	 * share a name get the same kind. */
	st->symbol_count = ts_language_symbol_count(lang);
	st->kinds = rm_xcalloc(st->symbol_count, 1);
	for (uint32_t s = 0; s < st->symbol_count; s++) {
		const char *name = ts_language_symbol_name(lang, (TSSymbol)s);
		bool named = ts_language_symbol_type(lang, (TSSymbol)s) ==
			     TSSymbolTypeRegular;

		if (!name)
			continue;
		for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
			if (kind_names[i].named == named &&
			    strcmp(kind_names[i].name, name) == 0) {
				st->kinds[s] = (uint8_t)kind_names[i].kind;
				break;
			}
		}
	}

	st->f_function = field("function");
	st->f_arguments = field("arguments");
	st->f_object = field("object");
	st->f_attribute = field("attribute");
	st->f_name = field("name");
	st->f_alias = field("alias");
	st->f_value = field("value");
	st->f_left = field("left");
	st->f_right = field("right");
	st->f_type = field("type");
	st->f_key = field("key");
	st->f_module_name = field("module_name");
	st->f_parameters = field("parameters");
	for (int i = 0; i < R_COUNT; i++)
		st->rules[i] = catalog_find(rule_ids[i]);
	return st;
}

static void thread_free(void *state)
{
	py_state *st = state;

	if (!st)
		return;
	ts_parser_delete(st->parser);
	free(st->kinds);
	free(st->stack);
	free(st->chain);
	py_buffer_free(&st->names);
	free(st->aliases);
	free(st->imports);
	free(st->stars);
	free(st->nosec);
	free(st->nosec_ids);
	free(st->meta);
	py_buffer_free(&st->qual);
	py_buffer_free(&st->value);
	py_buffer_free(&st->value2);
	py_buffer_free(&st->scratch);
	py_buffer_free(&st->message);
	free(st);
}

/* --- small node helpers ---------------------------------------------------- */

static enum kind kind_of(const py_state *st, TSNode node)
{
	TSSymbol s = ts_node_symbol(node);

	if (s == (TSSymbol)-1)
		return K_ERROR;
	return s < st->symbol_count ? (enum kind)st->kinds[s] : K_OTHER;
}

/* Python's AST has no node for parentheses: look through them. */
static TSNode unparen(const py_state *st, TSNode node)
{
	while (!ts_node_is_null(node) && kind_of(st, node) == K_PARENTHESIZED &&
	       ts_node_named_child_count(node) == 1) {
		TSNode inner = ts_node_named_child(node, 0);

		if (kind_of(st, inner) == K_COMMENT)
			break;
		node = inner;
	}
	return node;
}

static TSNode null_node(void)
{
	TSNode node;

	memset(&node, 0, sizeof(node));
	return node;
}

static int node_line(TSNode node)
{
	return (int)ts_node_start_point(node).row + 1;
}

static int node_end_line(TSNode node)
{
	return (int)ts_node_end_point(node).row + 1;
}

/* Named children other than comments: the children Python's AST has. */
static uint32_t code_child_count(const py_state *st, TSNode node)
{
	uint32_t n = ts_node_named_child_count(node), count = 0;

	for (uint32_t i = 0; i < n; i++)
		if (kind_of(st, ts_node_named_child(node, i)) != K_COMMENT)
			count++;
	return count;
}

static TSNode code_child(const py_state *st, TSNode node, uint32_t index)
{
	uint32_t n = ts_node_named_child_count(node);

	for (uint32_t i = 0; i < n; i++) {
		TSNode child = ts_node_named_child(node, i);

		if (kind_of(st, child) == K_COMMENT)
			continue;
		if (index-- == 0)
			return child;
	}
	return null_node();
}

/* A str constant in Python's AST: a string or implicit concatenation
 * that is neither bytes nor an f-string.  The value lands in `buf`. */
static bool str_constant(walk *w, TSNode node, py_buffer *buf)
{
	enum kind k;

	if (ts_node_is_null(node))
		return false;
	k = kind_of(w->st, node);
	if (k != K_STRING && k != K_CONCATENATED_STRING)
		return false;
	return py_string_value(buf, node, w->text) == PY_STRING_STR;
}

/* Any constant in Python's AST (str, bytes, numbers, True, None, ...). */
static bool any_constant(walk *w, TSNode node)
{
	switch (kind_of(w->st, node)) {
	case K_STRING:
	case K_CONCATENATED_STRING:
		return py_string_value(&w->st->scratch, node, w->text) !=
		       PY_STRING_FSTRING;
	case K_INTEGER: case K_FLOAT: case K_TRUE: case K_FALSE:
	case K_NONE: case K_ELLIPSIS:
		return true;
	default:
		return false;
	}
}

/* Appends bytes to a message, turning latin-1 bytes into UTF-8 when the
 * file declares latin-1 so that every message is valid UTF-8. */
static void message_append_value(walk *w, const char *p, size_t len)
{
	py_buffer *m = &w->st->message;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (w->latin1 && c >= 0x80) {
			char two[2] = { (char)(0xC0 | (c >> 6)),
					(char)(0x80 | (c & 0x3F)) };
			py_buffer_append(m, two, 2);
		} else {
			py_buffer_append(m, (const char *)&p[i], 1);
		}
	}
}

/* --- the password-name heuristic (B105, B106, B107) ------------------------ */

static bool ci_prefix(const char *p, size_t n, const char *word)
{
	size_t len = strlen(word);

	return n >= len && strncasecmp(p, word, len) == 0;
}

/*
 * Stores in lens[] every length L such that p[0..L) is one of the
 * password words, case-insensitively: pas+wo?r?d, pass(phrase)?, pwd,
 * token, secrete?.  Returns how many.
 */
static int password_word_lengths(const char *p, size_t n, size_t lens[6])
{
	int count = 0;

	if (ci_prefix(p, n, "pa")) {
		size_t i = 2;

		while (i < n && (p[i] | 0x20) == 's')
			i++;
		if (i > 2) {
			if (i < n && (p[i] | 0x20) == 'w') i++;
			if (i < n && (p[i] | 0x20) == 'o') i++;
			if (i < n && (p[i] | 0x20) == 'r') i++;
			if (i < n && (p[i] | 0x20) == 'd')
				lens[count++] = i + 1;
		}
	}
	if (ci_prefix(p, n, "pass")) {
		lens[count++] = 4;
		if (ci_prefix(p + 4, n - 4, "phrase"))
			lens[count++] = 10;
	}
	if (ci_prefix(p, n, "pwd"))
		lens[count++] = 3;
	if (ci_prefix(p, n, "token"))
		lens[count++] = 5;
	if (ci_prefix(p, n, "secret")) {
		lens[count++] = 6;
		if (n > 6 && (p[6] | 0x20) == 'e')
			lens[count++] = 7;
	}
	return count;
}

/* Bandit's RE_CANDIDATES: a password word that is the whole name or is
 * delimited by underscores or the ends of the name. */
static bool password_like(const char *p, size_t n)
{
	size_t lens[6];

	for (size_t start = 0; start < n; start++) {
		bool after_sep = start == 0 || p[start - 1] == '_';
		int count;

		if (!after_sep)
			continue;
		count = password_word_lengths(p + start, n - start, lens);
		for (int i = 0; i < count; i++) {
			size_t end = start + lens[i];
			bool at_end = end == n;
			bool before_sep = end < n && p[end] == '_';

			if (at_end || before_sep)
				return true;
		}
	}
	return false;
}

static bool node_password_like(walk *w, TSNode node)
{
	size_t len;
	const char *p = py_node_text(node, w->text, &len);

	return password_like(p, len);
}

/* --- recording findings ---------------------------------------------------- */

/*
 * Records a candidate finding for rule `r` at node `at` (its byte range
 * gives line, column and end).  The line range defaults to the node's
 * lines; callers widen it with set_range and may pin the reported line.
 */
static finding *report(walk *w, enum rule_index r, TSNode at,
		       const char *message)
{
	finding *f;

	f = finding_add(&w->pending, w->st->rules[r], w->src,
			ts_node_start_byte(at), ts_node_end_byte(at),
			"%s", message ? message : w->st->rules[r]->message);
	GROW(w->st->meta, w->st->meta_cap, w->pending.count);
	w->st->meta[w->pending.count - 1].explicit_line = false;
	return f;
}

static void set_range(finding *f, TSNode node)
{
	f->range_first = node_line(node);
	f->range_last = node_end_line(node);
}

static void set_line(walk *w, finding *f, int line)
{
	f->line = line;
	w->st->meta[w->pending.count - 1].explicit_line = true;
}

static const char *password_message(walk *w, const py_buffer *value)
{
	py_buffer *m = &w->st->message;

	m->len = 0;
	py_buffer_append(m, "Possible hard-coded password: '", 31);
	message_append_value(w, value->data, value->len);
	py_buffer_append(m, "'", 1);
	return m->data;
}

/* --- import table ---------------------------------------------------------- */

static size_t names_add(py_state *st, const char *p, size_t len)
{
	size_t off = st->names.len;

	py_buffer_append(&st->names, p, len);
	return off;
}

/* Appends the dotted name of a dotted_name node ("a . b" reads "a.b"). */
static void append_dotted(walk *w, py_buffer *out, TSNode dotted)
{
	uint32_t n = ts_node_named_child_count(dotted);
	bool first = true;

	if (kind_of(w->st, dotted) == K_IDENTIFIER) {
		size_t len;
		const char *p = py_node_text(dotted, w->text, &len);

		py_buffer_append(out, p, len);
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		TSNode part = ts_node_named_child(dotted, i);
		size_t len;
		const char *p;

		if (kind_of(w->st, part) != K_IDENTIFIER)
			continue;
		if (!first)
			py_buffer_append(out, ".", 1);
		p = py_node_text(part, w->text, &len);
		py_buffer_append(out, p, len);
		first = false;
	}
}

static void add_alias(py_state *st, const char *name, size_t name_len,
		      const char *qual, size_t qual_len)
{
	alias *a;
	size_t name_off, qual_off;

	name_off = names_add(st, name, name_len);
	qual_off = names_add(st, qual, qual_len);
	GROW(st->aliases, st->alias_cap, st->alias_count + 1);
	a = &st->aliases[st->alias_count++];
	a->name_off = name_off;
	a->name_len = name_len;
	a->qual_off = qual_off;
	a->qual_len = qual_len;
}

static void add_import(py_state *st, const char *name, size_t len)
{
	size_t off = names_add(st, name, len);

	GROW(st->imports, st->import_cap, st->import_count + 1);
	st->imports[st->import_count].off = off;
	st->imports[st->import_count++].len = len;
}

static void add_star(py_state *st, const char *module, size_t len)
{
	size_t off = names_add(st, module, len);

	GROW(st->stars, st->star_cap, st->star_count + 1);
	st->stars[st->star_count].off = off;
	st->stars[st->star_count++].len = len;
}

/* Returns the latest binding of `name`, or NULL. */
static const alias *find_alias(const py_state *st, const char *name,
			       size_t len)
{
	for (size_t i = st->alias_count; i-- > 0;) {
		const alias *a = &st->aliases[i];

		if (a->name_len == len &&
		    memcmp(st->names.data + a->name_off, name, len) == 0)
			return a;
	}
	return NULL;
}

static bool imported_like(const py_state *st, const char *needle)
{
	size_t nlen = strlen(needle);

	for (size_t i = 0; i < st->import_count; i++) {
		const char *p = st->names.data + st->imports[i].off;
		size_t len = st->imports[i].len;

		for (size_t j = 0; j + nlen <= len; j++)
			if (memcmp(p + j, needle, nlen) == 0)
				return true;
	}
	return false;
}

/* Checks one imported dotted name against the import blacklist; returns
 * the rule or R_COUNT. */
static enum rule_index import_blacklisted(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(import_blacklist) / sizeof(import_blacklist[0]); i++) {
		size_t plen = strlen(import_blacklist[i].prefix);

		if (len >= plen && memcmp(name, import_blacklist[i].prefix, plen) == 0)
			return import_blacklist[i].rule;
	}
	return R_COUNT;
}

/*
 * Handles import_statement, import_from_statement and
 * future_import_statement: records aliases and imported names as Bandit
 * does (`import a.b as c` binds c -> a.b; `from m import n as k` binds
 * k -> m.n; a relative `from .m import n` is treated as `from m import n`
 * and `from . import n` as `import n`), then applies the import
 * blacklist, one finding per statement.
 */
static void visit_import(walk *w, TSNode node, enum kind k)
{
	py_state *st = w->st;
	py_buffer *module = &st->value, *full = &st->value2;
	bool has_module = false;
	enum rule_index hit = R_COUNT;
	uint32_t n = ts_node_named_child_count(node);

	module->len = 0;
	py_buffer_append(module, "", 0);
	if (k == K_FUTURE_IMPORT) {
		py_buffer_append(module, "__future__", 10);
		has_module = true;
	} else if (k == K_IMPORT_FROM) {
		TSNode m = ts_node_child_by_field_id(node, st->f_module_name);

		if (!ts_node_is_null(m) && kind_of(st, m) == K_RELATIVE_IMPORT) {
			uint32_t mn = ts_node_named_child_count(m);

			for (uint32_t i = 0; i < mn; i++) {
				TSNode part = ts_node_named_child(m, i);

				if (kind_of(st, part) == K_DOTTED_NAME) {
					append_dotted(w, module, part);
					has_module = true;
				}
			}
		} else if (!ts_node_is_null(m)) {
			append_dotted(w, module, m);
			has_module = true;
		}
	}

	for (uint32_t i = 0; i < n; i++) {
		TSNode child = ts_node_named_child(node, i);
		enum kind ck = kind_of(st, child);
		TSNode name_node, alias_node = null_node();
		size_t alias_len = 0;
		const char *alias_text = NULL;

		if (k == K_IMPORT_FROM && ts_node_eq(child,
			ts_node_child_by_field_id(node, st->f_module_name)))
			continue;
		if (ck == K_WILDCARD_IMPORT) {
			full->len = 0;
			py_buffer_append(full, module->data, module->len);
			py_buffer_append(full, has_module ? ".*" : "*", has_module ? 2 : 1);
			add_alias(st, "*", 1, full->data, full->len);
			add_import(st, full->data, full->len);
			if (has_module)
				add_star(st, module->data, module->len);
			if (hit == R_COUNT)
				hit = import_blacklisted(full->data, full->len);
			continue;
		}
		if (ck == K_ALIASED_IMPORT) {
			name_node = ts_node_child_by_field_id(child, st->f_name);
			alias_node = ts_node_child_by_field_id(child, st->f_alias);
		} else if (ck == K_DOTTED_NAME) {
			name_node = child;
		} else {
			continue;
		}
		if (ts_node_is_null(name_node))
			continue;
		if (!ts_node_is_null(alias_node))
			alias_text = py_node_text(alias_node, w->text, &alias_len);

		full->len = 0;
		py_buffer_append(full, "", 0);
		if (has_module) {
			py_buffer_append(full, module->data, module->len);
			py_buffer_append(full, ".", 1);
		}
		append_dotted(w, full, name_node);

		if (has_module) {
			/* from m import n [as k]: k (or n) -> m.n */
			if (alias_text) {
				add_alias(st, alias_text, alias_len, full->data, full->len);
			} else {
				size_t name_start = module->len + 1;

				add_alias(st, full->data + name_start,
					  full->len - name_start, full->data, full->len);
			}
		} else if (alias_text) {
			add_alias(st, alias_text, alias_len, full->data, full->len);
		}
		add_import(st, full->data, full->len);
		if (hit == R_COUNT)
			hit = import_blacklisted(full->data, full->len);
	}
	if (hit != R_COUNT && w->enabled[hit])
		report(w, hit, node, NULL);
}

/* --- calls ----------------------------------------------------------------- */

/*
 * Builds the qualified name of a call's function into st->qual the way
 * Bandit does: a dotted chain of names and attributes with the leftmost
 * name replaced through the alias table; a chain rooted in anything else
 * (a call, a subscript) keeps only its attributes (".run"), and a
 * function that is neither a name nor an attribute gives "".
 */
static void qualified_name(walk *w, TSNode function)
{
	py_state *st = w->st;
	size_t depth = 0;
	TSNode node = unparen(st, function);
	size_t len;
	const char *p;

	st->qual.len = 0;
	py_buffer_append(&st->qual, "", 0);
	if (kind_of(st, node) != K_IDENTIFIER && kind_of(st, node) != K_ATTRIBUTE)
		return;
	while (kind_of(st, node) == K_ATTRIBUTE) {
		GROW(st->chain, st->chain_cap, depth + 1);
		st->chain[depth++] = ts_node_child_by_field_id(node, st->f_attribute);
		node = unparen(st, ts_node_child_by_field_id(node, st->f_object));
	}
	if (kind_of(st, node) == K_IDENTIFIER) {
		const alias *a;

		p = py_node_text(node, w->text, &len);
		a = find_alias(st, p, len);
		if (a)
			py_buffer_append(&st->qual, st->names.data + a->qual_off,
					 a->qual_len);
		else
			py_buffer_append(&st->qual, p, len);
	}
	while (depth-- > 0) {
		py_buffer_append(&st->qual, ".", 1);
		p = py_node_text(st->chain[depth], w->text, &len);
		py_buffer_append(&st->qual, p, len);
	}
}

static enum process_kind process_kind_of(const char *qual)
{
	for (size_t i = 0; i < sizeof(process_functions) / sizeof(process_functions[0]); i++)
		if (strcmp(process_functions[i].name, qual) == 0)
			return process_functions[i].kind;
	return PROC_NONE;
}

static enum rule_index call_blacklisted(const char *name)
{
	for (size_t i = 0; i < sizeof(call_blacklist) / sizeof(call_blacklist[0]); i++)
		if (strcmp(call_blacklist[i].name, name) == 0)
			return call_blacklist[i].rule;
	for (size_t i = 0; i < sizeof(import_blacklist) / sizeof(import_blacklist[0]); i++)
		if (strcmp(import_blacklist[i].prefix, name) == 0)
			return import_blacklist[i].rule;
	return R_COUNT;
}

/*
 * After `from m import *` a bare call `f()` may be m.f.  Bandit leaves
 * such names unresolved; we resolve one when m.f is a name some table
 * knows, trying the latest star import first, so `from subprocess
 * import *` followed by `Popen(c, shell=True)` is reported.
 */
static void resolve_star(walk *w, TSNode function)
{
	py_state *st = w->st;
	size_t len;
	const char *p;

	if (st->star_count == 0 || kind_of(st, unparen(st, function)) != K_IDENTIFIER)
		return;
	p = py_node_text(unparen(st, function), w->text, &len);
	if (find_alias(st, p, len))
		return;
	for (size_t i = st->star_count; i-- > 0;) {
		py_buffer *c = &st->scratch;

		c->len = 0;
		py_buffer_append(c, st->names.data + st->stars[i].off, st->stars[i].len);
		py_buffer_append(c, ".", 1);
		py_buffer_append(c, p, len);
		if (process_kind_of(c->data) != PROC_NONE ||
		    call_blacklisted(c->data) != R_COUNT) {
			st->qual.len = 0;
			py_buffer_append(&st->qual, c->data, c->len);
			return;
		}
	}
}

/* The parts of a call the checks look at. */
typedef struct call_info {
	TSNode node;
	TSNode args;           /* argument_list or generator_expression */
	TSNode first_arg;      /* first positional argument, or null */
	size_t positional;     /* number of positional arguments (incl. *x) */
} call_info;

static void call_info_init(walk *w, call_info *ci, TSNode call)
{
	py_state *st = w->st;
	uint32_t n;

	memset(ci, 0, sizeof(*ci));
	ci->node = call;
	ci->args = ts_node_child_by_field_id(call, st->f_arguments);
	ci->first_arg = null_node();
	if (ts_node_is_null(ci->args))
		return;
	if (kind_of(st, ci->args) != K_ARGUMENT_LIST) {
		ci->positional = 1;   /* f(x for x in y) */
		ci->first_arg = ci->args;
		return;
	}
	n = ts_node_named_child_count(ci->args);
	for (uint32_t i = 0; i < n; i++) {
		TSNode a = ts_node_named_child(ci->args, i);
		enum kind k = kind_of(st, a);

		if (k == K_KEYWORD_ARGUMENT || k == K_DICTIONARY_SPLAT || k == K_COMMENT)
			continue;
		if (ci->positional++ == 0)
			ci->first_arg = unparen(st, a);
	}
}

/* Returns the value of the last `name=` keyword argument, or null. */
static TSNode keyword_value(walk *w, const call_info *ci, const char *name)
{
	py_state *st = w->st;
	TSNode found = null_node();
	uint32_t n;

	if (ts_node_is_null(ci->args) || kind_of(st, ci->args) != K_ARGUMENT_LIST)
		return found;
	n = ts_node_named_child_count(ci->args);
	for (uint32_t i = 0; i < n; i++) {
		TSNode a = ts_node_named_child(ci->args, i);

		if (kind_of(st, a) != K_KEYWORD_ARGUMENT)
			continue;
		if (py_node_text_is(ts_node_child_by_field_id(a, st->f_name), w->text, name))
			found = ts_node_child_by_field_id(a, st->f_value);
	}
	return found;
}

/* Bandit's truth test for `shell=`: numbers and True/False by value,
 * list and dict displays by emptiness, str/bytes constants by
 * emptiness, None false, anything else (a name, a call) true. */
static bool shell_truthy(walk *w, TSNode value)
{
	py_state *st = w->st;
	size_t len;
	const char *p;
	py_string_kind sk;

	value = unparen(st, value);
	switch (kind_of(st, value)) {
	case K_TRUE: return true;
	case K_FALSE: return false;
	case K_NONE: return false;
	case K_INTEGER:
	case K_FLOAT:
		/* Zero in any notation (0, 0x0, 0.0, 0e5, 0j) is false. */
		p = py_node_text(value, w->text, &len);
		for (size_t i = 0; i < len; i++) {
			char c = p[i];

			if (c == 'e' || c == 'E')
				break;
			if (i == 1 && (c == 'x' || c == 'X' || c == 'o' ||
				       c == 'O' || c == 'b' || c == 'B'))
				continue;
			if (c >= '1' && c <= '9')
				return true;
			if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
				if (len > 1 && (p[1] == 'x' || p[1] == 'X'))
					return true;
		}
		return false;
	case K_LIST:
	case K_DICTIONARY:
		return code_child_count(st, value) > 0;
	case K_STRING:
	case K_CONCATENATED_STRING:
		sk = py_string_value(&st->scratch, value, w->text);
		if (sk == PY_STRING_FSTRING)
			return true;
		return st->scratch.len > 0;
	default:
		return true;
	}
}

/* Bandit's full_path_match: a drive letter followed by ':', or a leading
 * '\\', '/' or '.'. */
static bool full_path(const char *p, size_t len)
{
	if (len == 0)
		return false;
	if (p[0] == '\\' || p[0] == '/' || p[0] == '.')
		return true;
	return len > 1 && ((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z') &&
	       p[1] == ':';
}

static void check_process(walk *w, const call_info *ci, const char *qual)
{
	py_state *st = w->st;
	enum process_kind pk = process_kind_of(qual);
	TSNode shell = keyword_value(w, ci, "shell");
	bool has_shell = !ts_node_is_null(shell) && shell_truthy(w, shell);
	bool literal_first = str_constant(w, ci->first_arg, &st->value);
	finding *f;

	if (pk == PROC_SUBPROCESS) {
		if (has_shell && ci->positional > 0 && w->enabled[R_B602]) {
			f = report(w, R_B602, ci->node, literal_first ?
				   "subprocess call with shell=True and a literal command: seems safe now, but consider rewriting without a shell." :
				   NULL);
			if (literal_first)
				f->severity = LEVEL_LOW;
			set_line(w, f, node_line(shell));
		} else if (!has_shell && w->enabled[R_B603]) {
			f = report(w, R_B603, ci->node, NULL);
			if (!ts_node_is_null(shell))
				set_line(w, f, node_line(shell));
		}
	} else if (has_shell && w->enabled[R_B604]) {
		f = report(w, R_B604, ci->node, NULL);
		set_line(w, f, node_line(shell));
	}
	if (pk == PROC_SHELL && ci->positional > 0 && w->enabled[R_B605]) {
		f = report(w, R_B605, ci->node, literal_first ?
			   "Starting a process with a shell and a literal command: seems safe now, but consider rewriting without a shell." :
			   NULL);
		if (literal_first)
			f->severity = LEVEL_LOW;
	}
	if (pk == PROC_NO_SHELL && w->enabled[R_B606])
		report(w, R_B606, ci->node, NULL);
	if (pk != PROC_NONE && ci->positional > 0 && w->enabled[R_B607]) {
		TSNode program = ci->first_arg;

		if (kind_of(st, program) == K_LIST && code_child_count(st, program) > 0)
			program = unparen(st, code_child(st, program, 0));
		if (str_constant(w, program, &st->value) &&
		    !full_path(st->value.data, st->value.len))
			report(w, R_B607, ci->node, NULL);
	}
}

/* B106: the first keyword argument with a password-like name and a str
 * literal value; reported at the call, on the value's line. */
static void check_password_kwarg(walk *w, const call_info *ci)
{
	py_state *st = w->st;
	uint32_t n;

	if (ts_node_is_null(ci->args) || kind_of(st, ci->args) != K_ARGUMENT_LIST)
		return;
	n = ts_node_named_child_count(ci->args);
	for (uint32_t i = 0; i < n; i++) {
		TSNode a = ts_node_named_child(ci->args, i), name, value;
		finding *f;

		if (kind_of(st, a) != K_KEYWORD_ARGUMENT)
			continue;
		name = ts_node_child_by_field_id(a, st->f_name);
		value = unparen(st, ts_node_child_by_field_id(a, st->f_value));
		if (!str_constant(w, value, &st->value) || !node_password_like(w, name))
			continue;
		f = report(w, R_B106, ci->node, password_message(w, &st->value));
		set_line(w, f, node_line(value));
		return;
	}
}

/* B201: `<x>.run(debug=True)` in a file that imports something whose
 * name contains "flask".  Like Bandit, the string "True" counts too. */
static void check_flask_debug(walk *w, const call_info *ci, const char *qual)
{
	py_state *st = w->st;
	size_t len = strlen(qual);
	TSNode debug;
	bool on;
	finding *f;

	if (len < 4 || strcmp(qual + len - 4, ".run") != 0)
		return;
	if (!imported_like(st, "flask"))
		return;
	debug = keyword_value(w, ci, "debug");
	if (ts_node_is_null(debug))
		return;
	debug = unparen(st, debug);
	on = kind_of(st, debug) == K_TRUE ||
	     (str_constant(w, debug, &st->value) && strcmp(st->value.data, "True") == 0);
	if (!on)
		return;
	f = report(w, R_B201, ci->node, NULL);
	set_line(w, f, node_line(debug));
}

/* RP401: `bind(("", port))` or `x.bind(('', port))`. */
static void check_bind_empty(walk *w, const call_info *ci, const char *qual)
{
	py_state *st = w->st;
	size_t len = strlen(qual);
	TSNode host;
	finding *f;

	if (!(strcmp(qual, "bind") == 0 ||
	      (len > 5 && strcmp(qual + len - 5, ".bind") == 0)))
		return;
	if (ts_node_is_null(ci->first_arg) || kind_of(st, ci->first_arg) != K_TUPLE ||
	    code_child_count(st, ci->first_arg) == 0)
		return;
	host = unparen(st, code_child(st, ci->first_arg, 0));
	if (!str_constant(w, host, &st->value) || st->value.len != 0)
		return;
	f = report(w, R_RP401, host, "Possible binding to all network interfaces: an empty host in bind() listens on every interface.");
	set_range(f, ci->first_arg);
}

static void visit_call(walk *w, TSNode node)
{
	py_state *st = w->st;
	TSNode function = ts_node_child_by_field_id(node, st->f_function);
	call_info ci;
	enum rule_index hit;
	const char *qual;

	call_info_init(w, &ci, node);
	qualified_name(w, function);
	resolve_star(w, function);
	qual = st->qual.data;

	if (w->enabled[R_B102] && strcmp(qual, "exec") == 0)
		report(w, R_B102, node, NULL);

	/* Blacklist: `__import__("m")` and importlib.import_module("m") are
	 * looked up under the imported module's name. */
	if (kind_of(st, unparen(st, function)) == K_IDENTIFIER &&
	    py_node_text_is(unparen(st, function), w->text, "__import__")) {
		if (ci.positional > 0 && str_constant(w, ci.first_arg, &st->value2))
			hit = call_blacklisted(st->value2.data);
		else
			hit = R_COUNT;
	} else if (strcmp(qual, "importlib.import_module") == 0 ||
		   strcmp(qual, "importlib.__import__") == 0) {
		TSNode arg = ci.positional > 0 ? ci.first_arg : keyword_value(w, &ci, "name");

		hit = R_COUNT;
		if (!ts_node_is_null(arg) && str_constant(w, unparen(st, arg), &st->value2))
			hit = call_blacklisted(st->value2.data);
		else if (!ts_node_is_null(arg) && kind_of(st, unparen(st, arg)) == K_IDENTIFIER) {
			size_t len;
			const char *p = py_node_text(unparen(st, arg), w->text, &len);

			st->value2.len = 0;
			py_buffer_append(&st->value2, p, len);
			hit = call_blacklisted(st->value2.data);
		}
	} else {
		hit = call_blacklisted(qual);
	}
	if (hit != R_COUNT && w->enabled[hit])
		report(w, hit, node, NULL);

	if (w->enabled[R_B201])
		check_flask_debug(w, &ci, qual);
	if (w->enabled[R_B106])
		check_password_kwarg(w, &ci);
	check_process(w, &ci, qual);
	if (w->enabled[R_RP401])
		check_bind_empty(w, &ci, qual);
}

/* --- string constants ------------------------------------------------------ */

typedef struct fstring_context {
	walk *w;
	TSNode node;
} fstring_context;

/* Returns the node that Python's AST makes the parent of the constant at
 * the top of the ancestor stack (looking through parentheses and the
 * tree-sitter-only wrappers), and its index in the stack via *index. */
static TSNode ast_parent(walk *w, size_t *index)
{
	py_state *st = w->st;
	size_t i = w->depth;

	while (i > 0) {
		TSNode p = st->stack[i - 1];
		enum kind k = kind_of(st, p);

		if (k == K_PARENTHESIZED || k == K_ARGUMENT_LIST || k == K_PAIR ||
		    k == K_TYPE) {
			i--;
			continue;
		}
		*index = i - 1;
		return p;
	}
	*index = 0;
	return null_node();
}

/* The line range Bandit gives a string constant: its AST parent's lines.
 * Python's `arguments` node has no position, so Bandit spans the
 * parameters themselves; a chain `a = b = "s"` is one Assign. */
static void string_range(walk *w, finding *f, TSNode parent, size_t index)
{
	py_state *st = w->st;
	enum kind k = kind_of(st, parent);

	if (k == K_DEFAULT_PARAMETER || k == K_TYPED_DEFAULT_PARAMETER) {
		if (index > 0) {
			TSNode params = st->stack[index - 1];
			uint32_t n = code_child_count(st, params);

			if (n > 0) {
				f->range_first = node_line(code_child(st, params, 0));
				f->range_last = node_end_line(code_child(st, params, n - 1));
				return;
			}
		}
	}
	if (k == K_ASSIGNMENT) {
		while (index > 0 && kind_of(st, st->stack[index - 1]) == K_ASSIGNMENT)
			parent = st->stack[--index];
	}
	set_range(f, parent);
}

/* The innermost right-hand side of an assignment chain. */
static TSNode assigned_value(walk *w, TSNode assignment)
{
	py_state *st = w->st;
	TSNode right = ts_node_child_by_field_id(assignment, st->f_right);

	while (!ts_node_is_null(right) && kind_of(st, right) == K_ASSIGNMENT)
		right = ts_node_child_by_field_id(right, st->f_right);
	return unparen(st, right);
}

static bool target_password_like(walk *w, TSNode target)
{
	py_state *st = w->st;

	target = unparen(st, target);
	/* `(name) = ...` parses as a one-element tuple_pattern without a
	 * comma, but Python's AST has just the name. */
	if (kind_of(st, target) == K_TUPLE_PATTERN && ts_node_child_count(target) == 3 &&
	    ts_node_named_child_count(target) == 1)
		target = ts_node_named_child(target, 0);
	if (kind_of(st, target) == K_IDENTIFIER)
		return node_password_like(w, target);
	if (kind_of(st, target) == K_ATTRIBUTE)
		return node_password_like(w, ts_node_child_by_field_id(target, st->f_attribute));
	return false;
}

/*
 * B105 for the str constant `node` (value in st->value) whose AST parent
 * is `parent` (stack index `index`).  Returns the value to report in
 * st->value2, or false.
 */
static bool password_string(walk *w, TSNode node, TSNode parent, size_t index)
{
	py_state *st = w->st;
	enum kind k = kind_of(st, parent);

	if (k == K_ASSIGNMENT) {
		/* x = "s": the constant is the value of a plain assignment
		 * chain (no annotation) and some target looks like a password. */
		size_t top = index;
		TSNode a = parent;

		if (!ts_node_is_null(ts_node_child_by_field_id(parent, st->f_type)))
			return false;
		if (!ts_node_eq(assigned_value(w, parent), node))
			return false;
		for (;;) {
			if (target_password_like(w, ts_node_child_by_field_id(a, st->f_left)))
				break;
			if (top == 0 || kind_of(st, st->stack[top - 1]) != K_ASSIGNMENT)
				return false;
			a = st->stack[--top];
		}
		st->value2.len = 0;
		py_buffer_append(&st->value2, st->value.data, st->value.len);
		return true;
	}
	if (k == K_DICTIONARY) {
		/* {"password": <constant>} */
		size_t up = w->depth;
		TSNode pair, value;
		size_t len;
		const char *p;

		while (up > 0 && kind_of(st, st->stack[up - 1]) == K_PARENTHESIZED)
			up--;
		if (up == 0)
			return false;
		pair = st->stack[up - 1];
		if (kind_of(st, pair) != K_PAIR)
			return false;
		if (!ts_node_eq(unparen(st, ts_node_child_by_field_id(pair, st->f_key)), node))
			return false;
		if (!password_like(st->value.data, st->value.len))
			return false;
		value = unparen(st, ts_node_child_by_field_id(pair, st->f_value));
		if (!any_constant(w, value))
			return false;
		st->value2.len = 0;
		if (str_constant(w, value, &st->scratch)) {
			py_buffer_append(&st->value2, st->scratch.data, st->scratch.len);
		} else {
			p = py_node_text(value, w->text, &len);
			py_buffer_append(&st->value2, p, len);
		}
		return true;
	}
	if (k == K_SUBSCRIPT) {
		/* d["password"] = "s": the subscript is an assignment target. */
		TSNode assign;
		size_t up = index;

		if (!password_like(st->value.data, st->value.len))
			return false;
		while (up > 0 && kind_of(st, st->stack[up - 1]) == K_PARENTHESIZED)
			up--;
		if (up == 0)
			return false;
		assign = st->stack[up - 1];
		if (kind_of(st, assign) != K_ASSIGNMENT ||
		    !ts_node_is_null(ts_node_child_by_field_id(assign, st->f_type)))
			return false;
		while (up - 1 > 0 && kind_of(st, st->stack[up - 2]) == K_ASSIGNMENT)
			assign = st->stack[--up - 1];
		return str_constant(w, assigned_value(w, assign), &st->value2);
	}
	if (k == K_COMPARISON) {
		/* password == "s": report the first comparator. */
		TSNode left = unparen(st, code_child(st, parent, 0));
		TSNode right = unparen(st, code_child(st, parent, 1));

		if (!target_password_like(w, left))
			return false;
		return str_constant(w, right, &st->value2);
	}
	return false;
}

static void fstring_piece(void *context, const char *value, size_t len)
{
	fstring_context *c = context;
	walk *w = c->w;
	finding *f;

	if (w->enabled[R_B104] && len == 7 && memcmp(value, "0.0.0.0", 7) == 0) {
		f = report(w, R_B104, c->node, NULL);
		set_range(f, c->node);
	}
	if (w->enabled[R_RP401] && len == 2 && memcmp(value, "::", 2) == 0) {
		f = report(w, R_RP401, c->node, "Possible binding to all network interfaces (\"::\", the IPv6 wildcard address).");
		set_range(f, c->node);
	}
}

/*
 * Python 3.11's AST turns the literal text between the replacement
 * fields of an f-string into str constants positioned at the f-string
 * itself, with the JoinedStr as parent.  Bandit 1.9.4 on Python 3.11
 * therefore runs its whole-value Str checks (B104) on them, even when
 * the f-string is a statement of its own.
 */
static void check_fstring(walk *w, TSNode node)
{
	fstring_context c = { w, node };

	py_fstring_pieces(&w->st->value, node, w->text, fstring_piece, &c);
}

/*
 * Str checks (B104, RP401 "::", B105) on a string constant.  Like
 * Bandit, a constant that is a whole expression statement (a docstring)
 * is skipped, and so are bytes.  f-strings are JoinedStr nodes in
 * Python's AST and are not constants.
 */
static void visit_string(walk *w, TSNode node)
{
	py_state *st = w->st;
	size_t index;
	TSNode parent = ast_parent(w, &index);
	finding *f;

	if (ts_node_is_null(parent))
		return;
	switch (py_string_value(&st->value, node, w->text)) {
	case PY_STRING_STR:
		if (kind_of(st, parent) == K_EXPRESSION_STATEMENT &&
		    code_child_count(st, parent) == 1)
			return;
		break;
	case PY_STRING_FSTRING:
		check_fstring(w, node);
		return;
	default:
		return;
	}

	if (w->enabled[R_B104] && strcmp(st->value.data, "0.0.0.0") == 0 &&
	    st->value.len == 7) {
		f = report(w, R_B104, node, NULL);
		string_range(w, f, parent, index);
	}
	if (w->enabled[R_RP401] && st->value.len == 2 &&
	    memcmp(st->value.data, "::", 2) == 0) {
		f = report(w, R_RP401, node, "Possible binding to all network interfaces (\"::\", the IPv6 wildcard address).");
		string_range(w, f, parent, index);
	}
	if (w->enabled[R_B105] && password_string(w, node, parent, index)) {
		f = report(w, R_B105, node, password_message(w, &st->value2));
		string_range(w, f, parent, index);
	}
}

/* --- statements ------------------------------------------------------------ */

/* B110: an except clause whose body is exactly `pass`, for a bare
 * `except:` or `except Exception:` (Bandit's default,
 * check_typed_exception false). */
static void visit_except(walk *w, TSNode node)
{
	py_state *st = w->st;
	uint32_t n = ts_node_named_child_count(node);
	TSNode block = null_node(), type = null_node();

	for (uint32_t i = 0; i < n; i++) {
		TSNode child = ts_node_named_child(node, i);
		enum kind k = kind_of(st, child);

		if (k == K_BLOCK)
			block = child;
		else if (k != K_COMMENT && ts_node_is_null(type))
			type = child;   /* the exception type comes first */
	}
	if (ts_node_is_null(block) || code_child_count(st, block) != 1 ||
	    kind_of(st, code_child(st, block, 0)) != K_PASS)
		return;
	if (!ts_node_is_null(type)) {
		/* `except T as name:` wraps T in an as_pattern. */
		if (kind_of(st, type) == K_AS_PATTERN)
			type = ts_node_named_child(type, 0);
		type = unparen(st, type);
		if (kind_of(st, type) != K_IDENTIFIER ||
		    !py_node_text_is(type, w->text, "Exception"))
			return;
	}
	report(w, R_B110, node, NULL);
}

/* B107: the first positional parameter (not keyword-only, not
 * positional-only) with a password-like name and a str literal default.
 * Defaults are paired with parameters the way Bandit pairs them:
 * right-aligned over the positional parameters that follow `/`. */
static void visit_function(walk *w, TSNode node)
{
	py_state *st = w->st;
	TSNode params = ts_node_child_by_field_id(node, st->f_parameters);
	uint32_t n, positional = 0, defaults = 0, slash = 0, seen_slash = 0;
	uint32_t index = 0;

	/* Bandit only checks `def`, not `async def`. */
	if (kind_of(st, ts_node_child(node, 0)) == K_ASYNC || ts_node_is_null(params))
		return;
	n = ts_node_named_child_count(params);

	/* Count: parameters before `/` (positional-only), the positional
	 * ones after it, and all defaults among both. */
	for (uint32_t i = 0; i < n; i++) {
		enum kind k = kind_of(st, ts_node_named_child(params, i));

		if (k == K_LIST_SPLAT_PATTERN || k == K_KEYWORD_SEPARATOR ||
		    k == K_DICTIONARY_SPLAT_PATTERN)
			break;
		if (k == K_TYPED_PARAMETER) {
			TSNode inner = ts_node_named_child(ts_node_named_child(params, i), 0);
			enum kind ik = kind_of(st, inner);

			if (ik == K_LIST_SPLAT_PATTERN || ik == K_DICTIONARY_SPLAT_PATTERN)
				break;
		}
		if (k == K_POSITIONAL_SEPARATOR) {
			slash = positional;
			seen_slash = 1;
			continue;
		}
		if (k == K_COMMENT)
			continue;
		positional++;
		if (k == K_DEFAULT_PARAMETER || k == K_TYPED_DEFAULT_PARAMETER)
			defaults++;
	}
	if (!seen_slash)
		slash = 0;

	/* Bandit pads max(0, args - defaults) Nones in front of the default
	 * list and zips it with args (the parameters after `/`). */
	{
		uint32_t args = positional - slash;
		uint32_t pad = args > defaults ? args - defaults : 0;

		for (uint32_t i = 0; i < n && index < positional; i++) {
			TSNode p = ts_node_named_child(params, i);
			enum kind k = kind_of(st, p);
			uint32_t arg_index;
			TSNode name, value;

			if (k == K_POSITIONAL_SEPARATOR || k == K_COMMENT)
				continue;
			arg_index = index++;
			if (arg_index < slash)
				continue;
			arg_index -= slash;
			if (arg_index < pad)
				continue;
			/* The default Bandit pairs with this parameter. */
			{
				uint32_t want = arg_index - pad, seen = 0;
				TSNode def = null_node();

				for (uint32_t j = 0; j < n; j++) {
					TSNode q = ts_node_named_child(params, j);
					enum kind qk = kind_of(st, q);

					if (qk != K_DEFAULT_PARAMETER && qk != K_TYPED_DEFAULT_PARAMETER)
						continue;
					if (seen++ == want) {
						def = q;
						break;
					}
				}
				if (ts_node_is_null(def))
					continue;
				value = unparen(st, ts_node_child_by_field_id(def, st->f_value));
			}
			name = k == K_TYPED_PARAMETER ? ts_node_named_child(p, 0)
						      : ts_node_child_by_field_id(p, st->f_name);
			if (k == K_IDENTIFIER)
				name = p;
			if (ts_node_is_null(name) || kind_of(st, name) != K_IDENTIFIER)
				continue;
			if (kind_of(st, value) == K_NONE)
				continue;
			if (!str_constant(w, value, &st->value) || !node_password_like(w, name))
				continue;
			report(w, R_B107, node, password_message(w, &st->value));
			return;
		}
	}
}

/* --- # nosec ----------------------------------------------------------------- */

static const char *nosec_lookup(const char *p, size_t len)
{
	for (size_t i = 0; i < sizeof(nosec_names) / sizeof(nosec_names[0]); i++) {
		const char *id = nosec_names[i].id, *name = nosec_names[i].name;

		if (strlen(id) == len && memcmp(id, p, len) == 0)
			return id;
		if (strlen(name) == len && memcmp(name, p, len) == 0)
			return id;
	}
	return NULL;
}

static bool is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' ||
	       c == '\n';
}

/*
 * Parses one comment the way Bandit 1.9.4 does: the first `#` followed
 * by optional whitespace and lowercase `nosec` starts it, then an
 * optional `:`, whitespace, and a test list that ends at the next `#`.
 * The list is split into runs of `word,word,...`; only the last word of
 * each run counts (so "B602,B607" names only B607 while "B602, B607"
 * names both), and unknown words are dropped.
 */
static void parse_nosec(walk *w, TSNode comment)
{
	py_state *st = w->st;
	size_t len;
	const char *p = py_node_text(comment, w->text, &len);
	const char *end = p + len, *q = NULL;
	nosec_entry *e;

	for (const char *h = p; h < end; h++) {
		const char *s = h + 1;

		if (*h != '#')
			continue;
		while (s < end && is_space(*s))
			s++;
		if (end - s >= 5 && memcmp(s, "nosec", 5) == 0) {
			q = s + 5;
			break;
		}
	}
	if (!q)
		return;
	if (q < end && *q == ':')
		q++;
	while (q < end && is_space(*q))
		q++;

	GROW(st->nosec, st->nosec_cap, st->nosec_count + 1);
	e = &st->nosec[st->nosec_count++];
	e->line = node_line(comment);
	e->first = st->nosec_id_count;
	e->count = 0;
	while (q < end && *q != '#') {
		const char *last = NULL;
		size_t last_len = 0;

		if (!is_word(*q)) {
			q++;
			continue;
		}
		/* One run: words, each optionally followed by a comma.  A
		 * "B" followed by digits is a word of its own, as in Bandit's
		 * pattern (B\d+|[a-z\d_]+). */
		while (q < end && is_word(*q)) {
			const char *word = q;

			if ((*q == 'B' || *q == 'b') && q + 1 < end &&
			    q[1] >= '0' && q[1] <= '9') {
				q++;
				while (q < end && *q >= '0' && *q <= '9')
					q++;
			} else {
				while (q < end && is_word(*q))
					q++;
			}
			last = word;
			last_len = (size_t)(q - word);
			if (q < end && *q == ',')
				q++;
		}
		if (last) {
			const char *id = nosec_lookup(last, last_len);

			if (id) {
				GROW(st->nosec_ids, st->nosec_id_cap, st->nosec_id_count + 1);
				st->nosec_ids[st->nosec_id_count++] = id;
				e->count++;
			}
		}
	}
}

/* Returns the nosec entry on `line`, or NULL (entries are in line order). */
static const nosec_entry *nosec_at(const py_state *st, int line)
{
	size_t lo = 0, hi = st->nosec_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (st->nosec[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < st->nosec_count && st->nosec[lo].line == line)
		return &st->nosec[lo];
	return NULL;
}

static bool entry_names(const py_state *st, const nosec_entry *e,
			const char *id)
{
	for (size_t i = 0; i < e->count; i++)
		if (strcmp(st->nosec_ids[e->first + i], id) == 0)
			return true;
	return false;
}

/*
 * Moves the candidates to `out`, dropping those a `# nosec` covers.  As
 * in Bandit, the comments that count are the one on the line a check
 * chose explicitly and the first one inside the node's line range; their
 * id sets are merged, and an empty merged set is a blanket nosec.
 */
static void filter_nosec(walk *w, finding_list *out, file_metrics *metrics)
{
	py_state *st = w->st;

	for (size_t i = 0; i < w->pending.count; i++) {
		finding *f = &w->pending.items[i];
		const nosec_entry *base = NULL, *ctx = NULL;
		bool drop = false;

		if (!w->cfg->ignore_nosec && st->nosec_count > 0) {
			if (st->meta[i].explicit_line)
				base = nosec_at(st, f->line);
			for (int line = f->range_first; line <= f->range_last && !ctx; line++)
				ctx = nosec_at(st, line);
		}
		if (base || ctx) {
			size_t ids = (base ? base->count : 0) + (ctx ? ctx->count : 0);

			if (ids == 0) {
				metrics->nosec++;
				drop = true;
			} else if ((base && entry_names(st, base, f->rule->id)) ||
				   (ctx && entry_names(st, ctx, f->rule->id))) {
				metrics->skipped_tests++;
				drop = true;
			}
		}
		if (drop) {
			finding_list_remove(&w->pending, i);
			memmove(&st->meta[i], &st->meta[i + 1],
				(w->pending.count - i) * sizeof(candidate_meta));
			i--;
			continue;
		}
		finding_fill_code(f, w->src, w->cfg->context_lines);
	}
	finding_list_move(out, &w->pending);
}

/* --- file-level checks ------------------------------------------------------- */

/* Bandit's loc: lines (split at \n, \r\n or \r) that are not blank after
 * stripping ASCII whitespace and do not start with '#'. */
static long count_loc(const char *text, size_t len)
{
	long loc = 0;
	size_t i = 0;

	while (i < len) {
		size_t start = i, end;

		while (i < len && text[i] != '\n' && text[i] != '\r')
			i++;
		end = i;
		if (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
			i += 2;
		else if (i < len)
			i++;
		while (start < end && is_space(text[start]))
			start++;
		if (start < end && text[start] != '#')
			loc++;
	}
	return loc;
}

/*
 * Reads a PEP 263 coding cookie from the first two lines.  Returns 0 for
 * UTF-8 (no cookie, or a UTF-8/ASCII alias), 1 for latin-1 and its
 * aliases, 2 for another single-byte ASCII-compatible encoding, -1 for
 * an encoding we cannot read; `name` receives the declared name.
 */
static int coding_cookie(const char *text, size_t len, char *name, size_t cap)
{
	size_t i = 0;

	name[0] = '\0';
	for (int line = 0; line < 2 && i < len; line++) {
		size_t start = i, end;
		const char *c;

		while (i < len && text[i] != '\n')
			i++;
		end = i++;
		while (start < end && (text[start] == ' ' || text[start] == '\t' ||
				       text[start] == '\f'))
			start++;
		if (start >= end || text[start] != '#') {
			/* PEP 263: only a comment-only or blank first line lets
			 * the cookie sit on line two. */
			if (start < end)
				break;
			continue;
		}
		c = memmem(text + start, end - start, "coding", 6);
		if (!c || c + 6 >= text + end || (c[6] != ':' && c[6] != '='))
			continue;
		c += 7;
		while (c < text + end && (*c == ' ' || *c == '\t'))
			c++;
		{
			size_t n = 0;

			while (c < text + end && n + 1 < cap &&
			       (is_word(*c) || *c == '-' || *c == '.'))
			{
				name[n++] = (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c);
				c++;
			}
			name[n] = '\0';
		}
		for (char *u = name; *u; u++)
			if (*u == '_')
				*u = '-';
		if (!strcmp(name, "utf-8") || !strcmp(name, "utf8") ||
		    !strncmp(name, "utf-8-", 6) || !strcmp(name, "ascii") ||
		    !strcmp(name, "us-ascii"))
			return 0;
		if (!strcmp(name, "latin-1") || !strcmp(name, "latin1") ||
		    !strcmp(name, "iso-8859-1") || !strcmp(name, "iso8859-1") ||
		    !strncmp(name, "iso-8859-1-", 11) || !strcmp(name, "l1") ||
		    !strncmp(name, "latin-1-", 8))
			return 1;
		if (!strncmp(name, "iso-8859-", 9) || !strncmp(name, "iso8859-", 8) ||
		    !strncmp(name, "cp125", 5) || !strncmp(name, "windows-125", 11) ||
		    !strncmp(name, "koi8-", 5) || !strncmp(name, "latin", 5))
			return 2;
		return -1;
	}
	return 0;
}

static bool valid_utf8(const unsigned char *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		size_t extra;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) { extra = 1; cp = c & 0x1F; }
		else if (c >= 0xE0 && c <= 0xEF) { extra = 2; cp = c & 0x0F; }
		else if (c >= 0xF0 && c <= 0xF4) { extra = 3; cp = c & 0x07; }
		else return false;
		if (i + extra >= len)
			return false;
		for (size_t k = 1; k <= extra; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += extra + 1;
	}
	return true;
}

/* --- the walk ---------------------------------------------------------------- */

static void visit(walk *w, TSNode node, enum kind k)
{
	switch (k) {
	case K_COMMENT:
		if (!w->cfg->ignore_nosec)
			parse_nosec(w, node);
		break;
	case K_IMPORT:
	case K_IMPORT_FROM:
	case K_FUTURE_IMPORT:
		visit_import(w, node, k);
		break;
	case K_CALL:
		visit_call(w, node);
		break;
	case K_STRING:
		/* The pieces of an implicit concatenation are one constant. */
		if (w->depth > 0 &&
		    kind_of(w->st, w->st->stack[w->depth - 1]) == K_CONCATENATED_STRING)
			break;
		visit_string(w, node);
		break;
	case K_CONCATENATED_STRING:
		visit_string(w, node);
		break;
	case K_ASSERT:
		if (w->enabled[R_B101])
			report(w, R_B101, node, NULL);
		break;
	case K_EXCEPT:
	case K_EXCEPT_GROUP:
		if (w->enabled[R_B110])
			visit_except(w, node);
		break;
	case K_FUNCTION_DEFINITION:
		if (w->enabled[R_B107])
			visit_function(w, node);
		break;
	default:
		break;
	}
}

/* Walks the whole tree once; stops early at the first node Python 3
 * rejects (recorded in w->syntax_reason). */
static void walk_tree(walk *w, TSTree *tree)
{
	py_state *st = w->st;
	TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(tree));

	w->depth = 0;
	for (;;) {
		TSNode node = ts_tree_cursor_current_node(&cursor);
		enum kind k = kind_of(st, node);
		const char *reason = py_node_syntax_reason(node, w->text);

		if (reason) {
			w->syntax_reason = reason;
			w->syntax_node = node;
			break;
		}
		visit(w, node, k);
		if (ts_tree_cursor_goto_first_child(&cursor)) {
			GROW(st->stack, st->stack_cap, w->depth + 1);
			st->stack[w->depth++] = node;
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
			if (!ts_tree_cursor_goto_parent(&cursor))
				goto done;
			w->depth--;
		}
	}
done:
	ts_tree_cursor_delete(&cursor);
}

static void state_reset(py_state *st)
{
	st->names.len = 0;
	st->alias_count = 0;
	st->import_count = 0;
	st->star_count = 0;
	st->nosec_count = 0;
	st->nosec_id_count = 0;
}

static int analyze(void *state, const source *src, const scan_config *cfg,
		   finding_list *out, file_metrics *metrics)
{
	py_state *st = state;
	walk w;
	TSTree *tree = NULL;
	char coding[64];
	int cookie, error;
	size_t skip = 0;

	if (!st) {
		rm_error_set("python analyzer state is missing: tree-sitter-python did not load");
		return RM_ERROR;
	}
	memset(&w, 0, sizeof(w));
	w.st = st;
	w.src = src;
	w.text = src->text;
	w.cfg = cfg;
	for (int i = 0; i < R_COUNT; i++)
		w.enabled[i] = st->rules[i] && scan_rule_enabled(cfg, rule_ids[i]);
	state_reset(st);

	metrics->loc = count_loc(src->text, src->len);

	/* Source encoding, as CPython decodes it: a UTF-8 BOM is skipped, a
	 * coding cookie names the encoding, and without one the file must
	 * be UTF-8.  Latin-1 (and other single-byte ASCII-compatible
	 * encodings) are parsed as raw bytes, which keeps byte offsets equal
	 * to file offsets; string values from latin-1 files are converted to
	 * UTF-8 in messages. */
	if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	if (memchr(src->text, '\0', src->len)) {
		rm_error_set("syntax error while parsing AST from file: source code contains a NUL byte");
		return RM_EINVALID;
	}
	cookie = coding_cookie(src->text + skip, src->len - skip, coding, sizeof(coding));
	if (skip && cookie != 0) {
		rm_error_set("syntax error while parsing AST from file: a UTF-8 byte order mark with the coding cookie '%s'",
			     coding);
		return RM_EINVALID;
	}
	if (cookie == -1) {
		rm_error_set("unsupported source encoding '%s': only UTF-8 and single-byte encodings such as latin-1 are read",
			     coding);
		return RM_EINVALID;
	}
	if (cookie == 0 && !valid_utf8((const unsigned char *)src->text, src->len)) {
		rm_error_set("syntax error while parsing AST from file: the file is not valid UTF-8 and declares no other encoding");
		return RM_EINVALID;
	}
	/* NOTE: other single-byte encodings are shown as if they were
	 * latin-1, which is wrong for their non-ASCII letters. */
	w.latin1 = cookie > 0;

	if ((error = py_parse_with(&tree, st->parser, src->text, src->len)) < 0)
		return error;

	if (ts_node_has_error(ts_tree_root_node(tree))) {
		py_syntax_info info;

		/* The walk would stop at the same node: find it directly. */
		if (py_syntax_error(&info, tree, src->text, src->len)) {
			source_position(src, info.byte, &info.line, &info.col);
			rm_error_set("syntax error while parsing AST from file: line %d, column %d: %s",
				     info.line, info.col, info.reason);
			ts_tree_delete(tree);
			return RM_EINVALID;
		}
	}
	walk_tree(&w, tree);
	if (w.syntax_reason) {
		int line, col;

		source_position(src, ts_node_start_byte(w.syntax_node), &line, &col);
		rm_error_set("syntax error while parsing AST from file: line %d, column %d: %s",
			     line, col, w.syntax_reason);
		finding_list_clear(&w.pending);
		ts_tree_delete(tree);
		return RM_EINVALID;
	}

	/* A BOM shifts line 1 by three bytes that Python's columns omit. */
	if (skip) {
		for (size_t i = 0; i < w.pending.count; i++) {
			finding *f = &w.pending.items[i];

			if (f->line == 1 && f->col >= 3)
				f->col -= 3;
			if (f->end_line == 1 && f->end_col >= 3)
				f->end_col -= 3;
		}
	}
	filter_nosec(&w, out, metrics);
	finding_list_clear(&w.pending);
	ts_tree_delete(tree);
	return RM_OK;
}

const analyzer python_analyzer = {
	.target = TARGET_PYTHON,
	.thread_new = thread_new,
	.thread_free = thread_free,
	.analyze = analyze,
};
