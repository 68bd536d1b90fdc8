/*
 * The Python analyzer: Bandit 1.9.4's checks, re-implemented over a
 * tree-sitter tree so that results match Bandit's JSON on (file, line,
 * test id) wherever the two trees agree.
 *
 * Each file is parsed once and walked once with a py_walker (walk.h),
 * which moves like a TSTreeCursor at a lower cost.  The walk
 * dispatches on the node's symbol, which thread_new() maps to a small
 * `kind` enum.  It keeps its own stack of ancestors because
 * ts_node_parent() rescans from the root.  It builds the import/alias
 * table as it meets import statements, so, as in Bandit, a call is
 * resolved with the imports seen before it.  It also collects `# nosec`
 * comments and records candidate findings, which are filtered by
 * `# nosec` after the walk and appended to the caller's list.  Calls and
 * defs are checked when the walk leaves them, with the argument and
 * parameter lists it collected inside them (see push_frame()), and the
 * walk does not descend where nothing can matter (skip_plain_string(),
 * skip_plain_subtree()).  The walk costs about as much as the rules:
 * see docs/benchmarks.md.
 *
 * Nothing is allocated per node: names and string values are read from
 * the source buffer by byte range into buffers that the per-thread state
 * reuses from file to file.  "Dangerous call" rules are rows of the
 * tables below (process_functions, call_blacklist, import_blacklist),
 * looked up through hash tables built per thread.
 * Bandit's per-plugin options (tmp_dirs, shell_injection lists, ...)
 * come from cfg->plugins (config.h); NULL means Bandit's defaults.
 */
#include "analyzer.h"

#include <ctype.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "error.h"
#include "python/python.h"
#include "python/walk.h"

/* --- rules --------------------------------------------------------------- */

enum rule_index {
	R_B101, R_B102, R_B103, R_B104, R_B105, R_B106, R_B107, R_B108,
	R_B110, R_B112, R_B113, R_B201, R_B202, R_B301, R_B302, R_B303,
	R_B304, R_B305, R_B306, R_B307, R_B308, R_B310, R_B311, R_B312,
	R_B313, R_B314, R_B315, R_B316, R_B317, R_B318, R_B319, R_B321,
	R_B323, R_B324, R_B401, R_B402, R_B403, R_B404, R_B405, R_B406,
	R_B407, R_B408, R_B409, R_B411, R_B412, R_B413, R_B415, R_B501,
	R_B502, R_B503, R_B504, R_B505, R_B506, R_B507, R_B508, R_B509,
	R_B601, R_B602, R_B603, R_B604, R_B605, R_B606, R_B607, R_B608,
	R_B609, R_B610, R_B611, R_B612, R_B613, R_B614, R_B615, R_B701,
	R_B702, R_B703, R_B704, R_RP401,
	R_COUNT
};

static const char *const rule_ids[R_COUNT] = {
	"B101", "B102", "B103", "B104", "B105", "B106", "B107", "B108",
	"B110", "B112", "B113", "B201", "B202", "B301", "B302", "B303",
	"B304", "B305", "B306", "B307", "B308", "B310", "B311", "B312",
	"B313", "B314", "B315", "B316", "B317", "B318", "B319", "B321",
	"B323", "B324", "B401", "B402", "B403", "B404", "B405", "B406",
	"B407", "B408", "B409", "B411", "B412", "B413", "B415", "B501",
	"B502", "B503", "B504", "B505", "B506", "B507", "B508", "B509",
	"B601", "B602", "B603", "B604", "B605", "B606", "B607", "B608",
	"B609", "B610", "B611", "B612", "B613", "B614", "B615", "B701",
	"B702", "B703", "B704", "RP401",
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
	{ "pickle.loads", R_B301 },
	{ "pickle.load", R_B301 },
	{ "pickle.Unpickler", R_B301 },
	{ "dill.loads", R_B301 },
	{ "dill.load", R_B301 },
	{ "dill.Unpickler", R_B301 },
	{ "shelve.open", R_B301 },
	{ "shelve.DbfilenameShelf", R_B301 },
	{ "jsonpickle.decode", R_B301 },
	{ "jsonpickle.unpickler.decode", R_B301 },
	{ "jsonpickle.unpickler.Unpickler", R_B301 },
	{ "pandas.read_pickle", R_B301 },
	{ "marshal.load", R_B302 },
	{ "marshal.loads", R_B302 },
	{ "Crypto.Hash.MD2.new", R_B303 },
	{ "Crypto.Hash.MD4.new", R_B303 },
	{ "Crypto.Hash.MD5.new", R_B303 },
	{ "Crypto.Hash.SHA.new", R_B303 },
	{ "Cryptodome.Hash.MD2.new", R_B303 },
	{ "Cryptodome.Hash.MD4.new", R_B303 },
	{ "Cryptodome.Hash.MD5.new", R_B303 },
	{ "Cryptodome.Hash.SHA.new", R_B303 },
	{ "cryptography.hazmat.primitives.hashes.MD5", R_B303 },
	{ "cryptography.hazmat.primitives.hashes.SHA1", R_B303 },
	{ "Crypto.Cipher.ARC2.new", R_B304 },
	{ "Crypto.Cipher.ARC4.new", R_B304 },
	{ "Crypto.Cipher.Blowfish.new", R_B304 },
	{ "Crypto.Cipher.DES.new", R_B304 },
	{ "Crypto.Cipher.XOR.new", R_B304 },
	{ "Cryptodome.Cipher.ARC2.new", R_B304 },
	{ "Cryptodome.Cipher.ARC4.new", R_B304 },
	{ "Cryptodome.Cipher.Blowfish.new", R_B304 },
	{ "Cryptodome.Cipher.DES.new", R_B304 },
	{ "Cryptodome.Cipher.XOR.new", R_B304 },
	{ "cryptography.hazmat.primitives.ciphers.algorithms.ARC4", R_B304 },
	{ "cryptography.hazmat.primitives.ciphers.algorithms.Blowfish", R_B304 },
	{ "cryptography.hazmat.primitives.ciphers.algorithms.CAST5", R_B304 },
	{ "cryptography.hazmat.primitives.ciphers.algorithms.IDEA", R_B304 },
	{ "cryptography.hazmat.primitives.ciphers.algorithms.SEED", R_B304 },
	{ "cryptography.hazmat.primitives.ciphers.algorithms.TripleDES", R_B304 },
	{ "cryptography.hazmat.primitives.ciphers.modes.ECB", R_B305 },
	{ "tempfile.mktemp", R_B306 },
	{ "eval", R_B307 },
	{ "django.utils.safestring.mark_safe", R_B308 },
	{ "urllib.request.urlopen", R_B310 },
	{ "urllib.request.urlretrieve", R_B310 },
	{ "urllib.request.URLopener", R_B310 },
	{ "urllib.request.FancyURLopener", R_B310 },
	{ "six.moves.urllib.request.urlopen", R_B310 },
	{ "six.moves.urllib.request.urlretrieve", R_B310 },
	{ "six.moves.urllib.request.URLopener", R_B310 },
	{ "six.moves.urllib.request.FancyURLopener", R_B310 },
	{ "random.Random", R_B311 },
	{ "random.random", R_B311 },
	{ "random.randrange", R_B311 },
	{ "random.randint", R_B311 },
	{ "random.choice", R_B311 },
	{ "random.choices", R_B311 },
	{ "random.uniform", R_B311 },
	{ "random.triangular", R_B311 },
	{ "random.randbytes", R_B311 },
	{ "random.sample", R_B311 },
	{ "random.getrandbits", R_B311 },
	{ "telnetlib.Telnet", R_B312 },
	{ "xml.etree.cElementTree.parse", R_B313 },
	{ "xml.etree.cElementTree.iterparse", R_B313 },
	{ "xml.etree.cElementTree.fromstring", R_B313 },
	{ "xml.etree.cElementTree.XMLParser", R_B313 },
	{ "xml.etree.ElementTree.parse", R_B314 },
	{ "xml.etree.ElementTree.iterparse", R_B314 },
	{ "xml.etree.ElementTree.fromstring", R_B314 },
	{ "xml.etree.ElementTree.XMLParser", R_B314 },
	{ "xml.sax.expatreader.create_parser", R_B315 },
	{ "xml.dom.expatbuilder.parse", R_B316 },
	{ "xml.dom.expatbuilder.parseString", R_B316 },
	{ "xml.sax.parse", R_B317 },
	{ "xml.sax.parseString", R_B317 },
	{ "xml.sax.make_parser", R_B317 },
	{ "xml.dom.minidom.parse", R_B318 },
	{ "xml.dom.minidom.parseString", R_B318 },
	{ "xml.dom.pulldom.parse", R_B319 },
	{ "xml.dom.pulldom.parseString", R_B319 },
	{ "ftplib.FTP", R_B321 },
	{ "ssl._create_unverified_context", R_B323 },
};

/* Import blacklist (B4xx): prefix match on the imported dotted name
 * (`module.name` for from-imports); one hit per statement. */
static const struct {
	const char *prefix;
	enum rule_index rule;
} import_blacklist[] = {
	{ "telnetlib", R_B401 },
	{ "ftplib", R_B402 },
	{ "pickle", R_B403 },
	{ "cPickle", R_B403 },
	{ "dill", R_B403 },
	{ "shelve", R_B403 },
	{ "subprocess", R_B404 },
	{ "xml.etree.cElementTree", R_B405 },
	{ "xml.etree.ElementTree", R_B405 },
	{ "xml.sax", R_B406 },
	{ "xml.dom.expatbuilder", R_B407 },
	{ "xml.dom.minidom", R_B408 },
	{ "xml.dom.pulldom", R_B409 },
	{ "xmlrpc", R_B411 },
	{ "wsgiref.handlers.CGIHandler", R_B412 },
	{ "twisted.web.twcgi.CGIScript", R_B412 },
	{ "twisted.web.twcgi.CGIDirectory", R_B412 },
	{ "Crypto.Cipher", R_B413 },
	{ "Crypto.Hash", R_B413 },
	{ "Crypto.IO", R_B413 },
	{ "Crypto.Protocol", R_B413 },
	{ "Crypto.PublicKey", R_B413 },
	{ "Crypto.Random", R_B413 },
	{ "Crypto.Signature", R_B413 },
	{ "Crypto.Util", R_B413 },
	{ "pyghmi", R_B415 },
};

/* Every test id and name that Bandit 1.9.4 accepts, so that `# nosec <list>`
 * recognises the same tokens Bandit does.  A list in which no token is
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
	K_SET,
	K_BINARY_OPERATOR,
	K_CONTINUE,
	K_STRING_START,
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
	{ "set", true, K_SET },
	{ "binary_operator", true, K_BINARY_OPERATOR },
	{ "continue_statement", true, K_CONTINUE },
	{ "string_start", true, K_STRING_START },
};

/* Node types whose subtrees hold no statement and no except clause, only
 * expressions and names; see skip_plain_subtree(). */
static const char *const expression_kinds[] = {
	"expression_statement", "return_statement", "assignment",
	"augmented_assignment", "attribute", "subscript", "binary_operator",
	"boolean_operator", "comparison_operator", "unary_operator",
	"not_operator", "list", "tuple", "set", "dictionary", "pair",
	"expression_list", "pattern_list", "tuple_pattern", "list_pattern",
	"parenthesized_expression", "conditional_expression", "slice", "type",
	"keyword_argument", "default_parameter", "typed_parameter",
	"typed_default_parameter", "delete_statement", "global_statement",
	"nonlocal_statement", "raise_statement", "list_splat",
	"dictionary_splat", "assert_statement", "import_statement",
	"import_from_statement", "future_import_statement", "dotted_name",
	"aliased_import", "decorator", "lambda", "await", "yield",
	"named_expression", "list_comprehension", "dictionary_comprehension",
	"set_comprehension", "generator_expression", "for_in_clause",
	"if_clause",
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

/* One argument of the call being visited, in source order: a positional
 * argument, `*x`, `name=value`, `**x` or a comment.  For a keyword
 * argument `name` and `value` hold its name text and value node. */
typedef struct call_arg {
	TSNode node;
	enum kind kind;
	const char *name;
	size_t name_len;
	TSNode value;
} call_arg;

/*
 * A call or def whose checks wait until the walk has passed its subtree,
 * so that its arguments or parameters can be collected on the way
 * instead of being looked up again.  `items` counts the entries of
 * state->args, from `first`, that belong to it.
 */
typedef struct frame {
	TSNode node;
	size_t depth;              /* number of ancestors of node */
	bool def;                  /* a function_definition, not a call */
	TSNode head;               /* a call's function */
	TSNode list;               /* the arguments or parameters node */
	size_t first, items;
} frame;

/* A cached imported_like() result: `found` covers the first `checked`
 * entries of state->imports, which only grows during a walk. */
typedef struct import_probe {
	const char *needle;
	size_t checked;
	bool found;
} import_probe;

/*
 * A hash table from a name to a small value, for the tables of exact
 * names (process_functions, call_blacklist, import_blacklist), so that a
 * call costs one lookup instead of a strcmp against every row.  Open
 * addressing with linear probing; NAME_SLOTS is a power of two and more
 * than twice the rows stored in one table.
 */
#define NAME_SLOTS 512

typedef struct name_slot {
	const char *name;          /* NULL for an empty slot */
	size_t len;
	int value;
} name_slot;

/* What the nosec filter needs to know about a candidate finding. */
typedef struct candidate_meta {
	bool explicit_line;   /* the check chose the line (Bandit's lineno=) */
	bool file_level;      /* a File check: nosec context is lines 0-1 */
} candidate_meta;

typedef struct py_state {
	TSParser *parser;
	uint8_t *kinds;            /* symbol id -> enum kind */
	bool *syntax_rule;         /* symbol id -> py_symbol_has_syntax_rule() */
	uint32_t symbol_count;
	name_slot process_names[NAME_SLOTS];   /* name -> enum process_kind */
	name_slot blacklist_names[NAME_SLOTS]; /* name -> enum rule_index */
	TSFieldId f_function, f_arguments, f_object, f_attribute, f_name,
		f_alias, f_value, f_left, f_right, f_type, f_key,
		f_module_name, f_parameters;
	const rule *rules[R_COUNT];

	/* Reused from file to file. */
	py_walker walker;          /* reused by every file's walk */
	TSNode *stack;             /* ancestors of the current node */
	size_t stack_cap;
	/* For a binary operator at stack position i: the stack position of
	 * the top of its operator chain, valid while stack[i] is the node
	 * whose id is top_of_id[i].  Makes B608 linear in the chain length. */
	size_t *top_of;
	const void **top_of_id;
	size_t top_of_cap;
	TSNode *chain;             /* attribute chain scratch */
	size_t chain_cap;
	bool *named;               /* symbol id -> named (not an anonymous token) */
	bool *expression;          /* symbol id -> in expression_kinds */
	frame *frames;             /* calls and defs the walk is inside */
	size_t frame_count, frame_cap;
	call_arg *args;            /* the frames' argument and parameter lists */
	size_t arg_count, arg_cap;
	import_probe probes[8];    /* imported_like() results for this file */
	size_t probe_count;
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
	bool assert_skipped;       /* assert_used.skips matches the file */
	size_t depth;              /* number of ancestors on st->stack */
	finding_list pending;
	const char *syntax_reason;
	TSNode syntax_node;
	TSNode root;               /* the module node */
	/* The first byte at or after mark_from that can matter below an
	 * expression (see skip_plain_subtree()), or the text's length. */
	size_t mark_from, mark_at;
	bool mark_known;
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

/* FNV-1a over the bytes of a name. */
static uint32_t name_hash(const char *p, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

/* Returns the value stored for the name p[0..len), or -1. */
static int name_find(const name_slot *table, const char *p, size_t len)
{
	for (uint32_t i = name_hash(p, len) & (NAME_SLOTS - 1);;
	     i = (i + 1) & (NAME_SLOTS - 1)) {
		const name_slot *slot = &table[i];

		if (!slot->name)
			return -1;
		if (slot->len == len && memcmp(slot->name, p, len) == 0)
			return slot->value;
	}
}

/* Stores `name` -> `value` unless the name is already there: the first
 * row of a table wins, as in a linear search. */
static void name_add(name_slot *table, const char *name, int value)
{
	size_t len = strlen(name);
	uint32_t i = name_hash(name, len) & (NAME_SLOTS - 1);

	while (table[i].name) {
		if (table[i].len == len && memcmp(table[i].name, name, len) == 0)
			return;
		i = (i + 1) & (NAME_SLOTS - 1);
	}
	table[i].name = name;
	table[i].len = len;
	table[i].value = value;
}

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

	st->syntax_rule = rm_xcalloc(st->symbol_count, sizeof(bool));
	st->named = rm_xcalloc(st->symbol_count, sizeof(bool));
	st->expression = rm_xcalloc(st->symbol_count, sizeof(bool));
	for (uint32_t s = 0; s < st->symbol_count; s++) {
		const char *name = ts_language_symbol_name(lang, (TSSymbol)s);

		st->syntax_rule[s] = py_symbol_has_syntax_rule((TSSymbol)s);
		st->named[s] = ts_language_symbol_type(lang, (TSSymbol)s) ==
			       TSSymbolTypeRegular;
		for (size_t i = 0; name && st->named[s] &&
		     i < sizeof(expression_kinds) / sizeof(expression_kinds[0]); i++)
			if (strcmp(name, expression_kinds[i]) == 0)
				st->expression[s] = true;
	}

	/* The exact-name tables, in their order: a call name is looked up in
	 * call_blacklist and then among the import_blacklist prefixes. */
	for (size_t i = 0; i < sizeof(process_functions) / sizeof(process_functions[0]); i++)
		name_add(st->process_names, process_functions[i].name,
			 (int)process_functions[i].kind);
	for (size_t i = 0; i < sizeof(call_blacklist) / sizeof(call_blacklist[0]); i++)
		name_add(st->blacklist_names, call_blacklist[i].name,
			 (int)call_blacklist[i].rule);
	for (size_t i = 0; i < sizeof(import_blacklist) / sizeof(import_blacklist[0]); i++)
		name_add(st->blacklist_names, import_blacklist[i].prefix,
			 (int)import_blacklist[i].rule);

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
	free(st->syntax_rule);
	free(st->stack);
	py_walker_free(&st->walker);
	free(st->top_of);
	free(st->top_of_id);
	free(st->chain);
	free(st->named);
	free(st->expression);
	free(st->frames);
	free(st->args);
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

/*
 * Returns where the code of `node` ends.  A block in tree-sitter also
 * contains the comments after its last statement, so a compound
 * statement can end on a comment line.  Python's AST ends it with the
 * last statement, and Bandit's end columns, line ranges and `# nosec`
 * lines follow the AST.  The walk goes down the last child that is not
 * a comment, once per finding.
 */
static uint32_t code_end_byte(const py_state *st, TSNode node)
{
	uint32_t end = ts_node_end_byte(node);

	for (;;) {
		uint32_t n = ts_node_child_count(node);
		TSNode last = { { 0 }, NULL, NULL };

		for (uint32_t i = n; i-- > 0;) {
			TSNode child = ts_node_child(node, i);

			if (kind_of(st, child) != K_COMMENT) {
				last = child;
				break;
			}
		}
		if (ts_node_is_null(last))
			return end;
		node = last;
		end = ts_node_end_byte(node);
	}
}

static int node_end_line(const walk *w, TSNode node)
{
	int line, col;

	source_position(w->src, code_end_byte(w->st, node), &line, &col);
	return line;
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
			ts_node_start_byte(at), code_end_byte(w->st, at),
			"%s", message ? message : w->st->rules[r]->message);
	GROW(w->st->meta, w->st->meta_cap, w->pending.count);
	w->st->meta[w->pending.count - 1].explicit_line = false;
	w->st->meta[w->pending.count - 1].file_level = false;
	return f;
}

static void set_range(const walk *w, finding *f, TSNode node)
{
	f->range_first = node_line(node);
	f->range_last = node_end_line(w, node);
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
	py_buffer_append(m, "Possible hardcoded password: '", 30);
	message_append_value(w, value->data, value->len);
	py_buffer_append(m, "'", 1);
	return m->data;
}

/* Bandit's blacklist message of `rule` with every "{name}" replaced by
 * the matched name. */
static const char *name_message(walk *w, enum rule_index r, const char *name,
				size_t len)
{
	py_buffer *m = &w->st->message;
	const char *t = w->st->rules[r]->message, *hit;

	m->len = 0;
	while ((hit = strstr(t, "{name}")) != NULL) {
		py_buffer_append(m, t, (size_t)(hit - t));
		message_append_value(w, name, len);
		t = hit + 6;
	}
	py_buffer_append(m, t, strlen(t));
	return m->data;
}

/* A printf-style message in st->message. */
static const char *format_message(walk *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static const char *format_message(walk *w, const char *fmt, ...)
{
	py_buffer *m = &w->st->message;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	m->len = 0;
	if (n < 0) {
		py_buffer_append(m, "", 0);
		return m->data;
	}
	if (m->cap < (size_t)n + 1) {
		m->data = rm_xrealloc(m->data, (size_t)n + 1);
		m->cap = (size_t)n + 1;
	}
	va_start(ap, fmt);
	vsnprintf(m->data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	m->len = (size_t)n;
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

static bool import_contains(const py_state *st, size_t i, const char *needle,
			    size_t nlen)
{
	const char *p = st->names.data + st->imports[i].off;

	return memmem(p, st->imports[i].len, needle, nlen) != NULL;
}

/*
 * Returns true when one of the names imported so far contains `needle`
 * (Bandit's checks for "is flask imported" and the like).  The answer is
 * cached per needle and file, and only imports added since the last
 * question are searched, because calls ask this again and again.
 */
static bool imported_like(py_state *st, const char *needle)
{
	import_probe *probe = NULL;
	size_t nlen = strlen(needle);

	for (size_t i = 0; i < st->probe_count; i++)
		if (strcmp(st->probes[i].needle, needle) == 0)
			probe = &st->probes[i];
	if (!probe) {
		if (st->probe_count == sizeof(st->probes) / sizeof(st->probes[0])) {
			for (size_t i = 0; i < st->import_count; i++)
				if (import_contains(st, i, needle, nlen))
					return true;
			return false;
		}
		probe = &st->probes[st->probe_count++];
		probe->needle = needle;
		probe->checked = 0;
		probe->found = false;
	}
	for (; !probe->found && probe->checked < st->import_count; probe->checked++)
		probe->found = import_contains(st, probe->checked, needle, nlen);
	return probe->found;
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
	size_t first_import = st->import_count, name_skip = 0;
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
	if (has_module)
		name_skip = module->len + 1;

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
				add_alias(st, full->data + name_skip,
					  full->len - name_skip, full->data, full->len);
			}
		} else if (alias_text) {
			add_alias(st, alias_text, alias_len, full->data, full->len);
		}
		add_import(st, full->data, full->len);
	}

	/* Bandit tries the blacklist entries in order and, for each, the
	 * names of the statement in order.  The first match is the one
	 * finding, and its message names the imported name without the
	 * `from` module. */
	for (size_t r = 0; r < sizeof(import_blacklist) / sizeof(import_blacklist[0]);) {
		enum rule_index rule = import_blacklist[r].rule;
		size_t end = r;

		while (end < sizeof(import_blacklist) / sizeof(import_blacklist[0]) &&
		       import_blacklist[end].rule == rule)
			end++;
		for (size_t i = first_import; i < st->import_count; i++) {
			const char *name = st->names.data + st->imports[i].off;
			size_t len = st->imports[i].len;

			for (size_t q = r; q < end; q++) {
				size_t plen = strlen(import_blacklist[q].prefix);

				if (len < plen || memcmp(name, import_blacklist[q].prefix, plen) != 0)
					continue;
				if (w->enabled[rule]) {
					size_t skip = len > name_skip ? name_skip : 0;

					report(w, rule, node, name_message(w, rule, name + skip, len - skip));
				}
				return;
			}
		}
		r = end;
	}
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

static bool in_list(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

static enum process_kind process_kind_of(const walk *w, const char *qual)
{
	const plugin_options *o = w->cfg->plugins;
	int value;

	if (o && (o->shell_subprocess || o->shell_shell || o->shell_no_shell)) {
		/* A shell_injection section replaces Bandit's lists; a list
		 * it leaves out keeps its default. */
		const char *const *lists[3] = {
			(const char *const *)o->shell_subprocess,
			(const char *const *)o->shell_shell,
			(const char *const *)o->shell_no_shell,
		};
		static const enum process_kind kinds[3] = {
			PROC_SUBPROCESS, PROC_SHELL, PROC_NO_SHELL,
		};

		for (int l = 0; l < 3; l++) {
			if (lists[l]) {
				if (in_list(lists[l], qual))
					return kinds[l];
				continue;
			}
			for (size_t i = 0; i < sizeof(process_functions) / sizeof(process_functions[0]); i++)
				if (process_functions[i].kind == kinds[l] &&
				    strcmp(process_functions[i].name, qual) == 0)
					return kinds[l];
		}
		return PROC_NONE;
	}
	value = name_find(w->st->process_names, qual, strlen(qual));
	return value < 0 ? PROC_NONE : (enum process_kind)value;
}

/* The blacklist rule for the call name `name` (the first row of
 * call_blacklist, then of import_blacklist, that equals it), or R_COUNT. */
static enum rule_index call_blacklisted(const py_state *st, const char *name)
{
	int value = name_find(st->blacklist_names, name, strlen(name));

	return value < 0 ? R_COUNT : (enum rule_index)value;
}

/*
 * After `from m import *` a bare call `f()` may be m.f.  Bandit leaves
 * such names unresolved.  This analyzer resolves one when one of the call
 * tables lists m.f, trying the latest star import first, so `from
 * subprocess import *` followed by `Popen(c, shell=True)` is reported.
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
		if (process_kind_of(w, c->data) != PROC_NONE ||
		    call_blacklisted(st, c->data) != R_COUNT) {
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
	const call_arg *items; /* the named children of an argument_list */
	size_t count;
} call_info;

/* Fills *ci from the frame of a call whose subtree the walk has passed. */
static void call_info_init(walk *w, call_info *ci, const frame *f)
{
	py_state *st = w->st;

	memset(ci, 0, sizeof(*ci));
	ci->node = f->node;
	ci->args = f->list;
	ci->first_arg = null_node();
	if (ts_node_is_null(ci->args))
		return;
	if (kind_of(st, ci->args) != K_ARGUMENT_LIST) {
		ci->positional = 1;   /* f(x for x in y) */
		ci->first_arg = ci->args;
		return;
	}
	ci->count = f->items;
	ci->items = st->args + f->first;
	for (size_t i = 0; i < ci->count; i++) {
		enum kind k = ci->items[i].kind;

		if (k == K_KEYWORD_ARGUMENT || k == K_DICTIONARY_SPLAT || k == K_COMMENT)
			continue;
		if (ci->positional++ == 0)
			ci->first_arg = unparen(st, ci->items[i].node);
	}
}

/*
 * Returns the value of the last `name=` keyword argument, or null.  A
 * `**{"name": value}` dict display counts as `name=value` (Bandit looks
 * at real keywords only; see docs/bandit-differences.md).
 */
static TSNode keyword_value(walk *w, const call_info *ci, const char *name)
{
	py_state *st = w->st;
	TSNode found = null_node();
	size_t name_len = strlen(name);

	for (size_t i = 0; i < ci->count; i++) {
		const call_arg *arg = &ci->items[i];
		TSNode a = arg->node;

		if (arg->kind == K_DICTIONARY_SPLAT) {
			TSNode d = unparen(st, ts_node_named_child(a, 0));
			uint32_t m;

			if (ts_node_is_null(d) || kind_of(st, d) != K_DICTIONARY)
				continue;
			m = ts_node_named_child_count(d);
			for (uint32_t j = 0; j < m; j++) {
				TSNode pair = ts_node_named_child(d, j);
				TSNode key;

				if (kind_of(st, pair) != K_PAIR)
					continue;
				key = unparen(st, ts_node_child_by_field_id(pair, st->f_key));
				if (str_constant(w, key, &st->scratch) &&
				    strcmp(st->scratch.data, name) == 0 &&
				    st->scratch.len == strlen(name))
					found = ts_node_child_by_field_id(pair, st->f_value);
			}
			continue;
		}
		if (arg->kind == K_KEYWORD_ARGUMENT && arg->name_len == name_len &&
		    memcmp(arg->name, name, name_len) == 0)
			found = arg->value;
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

static void check_process(walk *w, const call_info *ci, enum process_kind pk)
{
	py_state *st = w->st;
	TSNode shell = keyword_value(w, ci, "shell");
	bool has_shell = !ts_node_is_null(shell) && shell_truthy(w, shell);
	/* Only B602 and B605 read this, and only for process functions. */
	bool literal_first = pk != PROC_NONE &&
			     str_constant(w, ci->first_arg, &st->value);
	finding *f;

	if (pk == PROC_SUBPROCESS) {
		if (has_shell && ci->positional > 0 && w->enabled[R_B602]) {
			f = report(w, R_B602, ci->node, literal_first ?
				   "subprocess call with shell=True seems safe, but may be changed in the future, consider rewriting without shell" :
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
			   "Starting a process with a shell: Seems safe, but may be changed in the future, consider rewriting without shell" :
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

	for (size_t i = 0; i < ci->count; i++) {
		const call_arg *a = &ci->items[i];
		TSNode value;
		finding *f;

		/* The name test is cheap and rarely true, so it goes first. */
		if (a->kind != K_KEYWORD_ARGUMENT || !password_like(a->name, a->name_len))
			continue;
		value = unparen(st, a->value);
		if (!str_constant(w, value, &st->value))
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
	set_range(w, f, ci->first_arg);
}

/* --- call checks added for Bandit parity ------------------------------------ */

/* What Bandit's Context makes of an argument or keyword value.  An
 * attribute gives its last name, True/False/None the strings "True",
 * "False", "None", a name its identifier, a str constant its value and
 * an int constant its number.  Other literals are LIT_OTHER, and anything
 * else (a call, an f-string, an operator) has no value (LIT_NONE). */
typedef enum lit_kind { LIT_NONE, LIT_STR, LIT_INT, LIT_OTHER, LIT_LIST } lit_kind;

typedef struct lit {
	lit_kind kind;
	const char *s;       /* LIT_STR: the text, not NUL-terminated */
	size_t len;
	long long i;         /* LIT_INT */
} lit;

/* Parses a Python int literal (underscores, 0x/0o/0b); false for floats,
 * imaginary numbers and values that do not fit. */
static bool parse_int(const char *p, size_t len, long long *out)
{
	int base = 10;
	size_t i = 0;
	unsigned long long v = 0;

	if (len > 1 && p[0] == '0' && strchr("xXoObB", p[1])) {
		base = (p[1] == 'x' || p[1] == 'X') ? 16 : (p[1] == 'o' || p[1] == 'O') ? 8 : 2;
		i = 2;
	}
	if (i >= len)
		return false;
	for (; i < len; i++) {
		int d;
		char c = p[i];

		if (c == '_')
			continue;
		if (c >= '0' && c <= '9') d = c - '0';
		else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
		else return false;
		if (d >= base || v > (ULLONG_MAX - (unsigned)d) / (unsigned)base / 2)
			return false;
		v = v * (unsigned)base + (unsigned)d;
	}
	*out = (long long)v;
	return true;
}

static void lit_value(walk *w, TSNode node, py_buffer *buf, lit *out)
{
	py_state *st = w->st;

	memset(out, 0, sizeof(*out));
	node = unparen(st, node);
	if (ts_node_is_null(node))
		return;
	switch (kind_of(st, node)) {
	case K_ATTRIBUTE:
		out->kind = LIT_STR;
		out->s = py_node_text(ts_node_child_by_field_id(node, st->f_attribute), w->text, &out->len);
		return;
	case K_IDENTIFIER:
		out->kind = LIT_STR;
		out->s = py_node_text(node, w->text, &out->len);
		return;
	case K_TRUE: out->kind = LIT_STR; out->s = "True"; out->len = 4; return;
	case K_FALSE: out->kind = LIT_STR; out->s = "False"; out->len = 5; return;
	case K_NONE: out->kind = LIT_STR; out->s = "None"; out->len = 4; return;
	case K_INTEGER: {
		size_t len;
		const char *p = py_node_text(node, w->text, &len);

		if (len > 0 && (p[len - 1] == 'j' || p[len - 1] == 'J'))
			out->kind = LIT_OTHER;
		else if (parse_int(p, len, &out->i))
			out->kind = LIT_INT;
		else
			out->kind = LIT_OTHER;
		return;
	}
	case K_STRING:
	case K_CONCATENATED_STRING:
		switch (py_string_value(buf, node, w->text)) {
		case PY_STRING_STR:
			out->kind = LIT_STR;
			out->s = buf->data;
			out->len = buf->len;
			return;
		case PY_STRING_BYTES:
			out->kind = LIT_OTHER;
			return;
		default:
			return;
		}
	case K_LIST:
		out->kind = LIT_LIST;
		return;
	case K_FLOAT: case K_TUPLE: case K_DICTIONARY: case K_SET: case K_ELLIPSIS:
		out->kind = LIT_OTHER;
		return;
	default:
		return;
	}
}

static bool lit_is(const lit *v, const char *s)
{
	return v->kind == LIT_STR && v->len == strlen(s) && memcmp(v->s, s, v->len) == 0;
}

/* The n-th positional argument (0-based, `*x` counts), or null. */
static TSNode positional_arg(walk *w, const call_info *ci, size_t index)
{
	py_state *st = w->st;

	if (ts_node_is_null(ci->args))
		return null_node();
	if (kind_of(st, ci->args) != K_ARGUMENT_LIST)
		return index == 0 ? ci->args : null_node();
	for (size_t i = 0; i < ci->count; i++) {
		enum kind k = ci->items[i].kind;

		if (k == K_KEYWORD_ARGUMENT || k == K_DICTIONARY_SPLAT || k == K_COMMENT)
			continue;
		if (index-- == 0)
			return unparen(st, ci->items[i].node);
	}
	return null_node();
}

static bool imported_exact(const py_state *st, const char *module)
{
	size_t len = strlen(module);

	for (size_t i = 0; i < st->import_count; i++)
		if (st->imports[i].len == len &&
		    memcmp(st->names.data + st->imports[i].off, module, len) == 0)
			return true;
	return false;
}

/* Is `part` one of the dot-separated components of `qual`? */
static bool has_component(const char *qual, const char *part)
{
	size_t len = strlen(part);

	for (const char *p = qual; *p;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);

		if (n == len && memcmp(p, part, n) == 0)
			return true;
		if (!dot)
			break;
		p = dot + 1;
	}
	return false;
}

static bool in_lit_list(const char *const *list, const lit *v)
{
	for (; list && *list; list++)
		if (lit_is(v, *list))
			return true;
	return false;
}

static const char *const default_bad_protocols[] = {
	"PROTOCOL_SSLv2", "SSLv2_METHOD", "SSLv23_METHOD", "PROTOCOL_SSLv3",
	"PROTOCOL_TLSv1", "SSLv3_METHOD", "TLSv1_METHOD", "PROTOCOL_TLSv1_1",
	"TLSv1_1_METHOD", NULL,
};

static const char *const *bad_protocols(const walk *w)
{
	const plugin_options *o = w->cfg->plugins;

	return o && o->bad_protocol_versions ? (const char *const *)o->bad_protocol_versions
					     : default_bad_protocols;
}

static int line_of_keyword(walk *w, const call_info *ci, const char *name)
{
	TSNode v = keyword_value(w, ci, name);

	return ts_node_is_null(v) ? 0 : node_line(v);
}

/* Records a call finding and moves its line to keyword `kw`'s value when
 * the call has that keyword (Bandit's get_lineno_for_call_arg). */
static finding *report_call(walk *w, enum rule_index r, const call_info *ci,
			    const char *message, const char *kw)
{
	finding *f = report(w, r, ci->node, message);
	int line = kw ? line_of_keyword(w, ci, kw) : 0;

	if (line)
		set_line(w, f, line);
	return f;
}

static const char *last_part(const char *qual)
{
	const char *dot = strrchr(qual, '.');

	return dot ? dot + 1 : qual;
}

/* B103 */
static void check_chmod(walk *w, const call_info *ci, const char *name)
{
	py_state *st = w->st;
	lit mode, file;
	finding *f;
	char filename[256];

	if (!strstr(name, "chmod") || ci->positional != 2)
		return;
	lit_value(w, positional_arg(w, ci, 1), &st->value, &mode);
	if (mode.kind != LIT_INT || !(mode.i & 033))
		return;
	lit_value(w, positional_arg(w, ci, 0), &st->value2, &file);
	if (file.kind == LIT_STR)
		snprintf(filename, sizeof(filename), "%.*s", (int)file.len, file.s);
	else if (file.kind == LIT_INT)
		snprintf(filename, sizeof(filename), "%lld", file.i);
	else if (file.kind == LIT_NONE)
		snprintf(filename, sizeof(filename), "NOT PARSED");
	else {
		size_t len;
		const char *p = py_node_text(positional_arg(w, ci, 0), w->text, &len);

		snprintf(filename, sizeof(filename), "%.*s", (int)len, p);
	}
	f = report(w, R_B103, ci->node,
		   format_message(w, "Chmod setting a permissive mask 0o%llo on file (%s).",
				  (unsigned long long)mode.i, filename));
	f->severity = (mode.i & 02) ? LEVEL_HIGH : LEVEL_MEDIUM;
}

static bool http_verb(const char *name)
{
	static const char *const verbs[] = {
		"get", "options", "head", "post", "put", "patch", "delete", NULL,
	};

	return in_list(verbs, name);
}

static bool httpx_attr(const char *name)
{
	return http_verb(name) || !strcmp(name, "request") || !strcmp(name, "stream") ||
	       !strcmp(name, "Client") || !strcmp(name, "AsyncClient");
}

/* B113 and B501: requests.<verb> and httpx calls. */
static void check_requests(walk *w, const call_info *ci, const char *qual,
			   const char *name)
{
	py_state *st = w->st;
	size_t root_len = strcspn(qual, ".");
	bool requests = root_len == 8 && !strncmp(qual, "requests", 8) && http_verb(name);
	bool httpx = root_len == 5 && !strncmp(qual, "httpx", 5) && httpx_attr(name);
	lit v;

	if (!requests && !httpx)
		return;
	if (w->enabled[R_B113]) {
		lit_value(w, keyword_value(w, ci, "timeout"), &st->value, &v);
		if (requests && v.kind == LIT_NONE)
			report(w, R_B113, ci->node,
			       format_message(w, "Call to %.*s without timeout", (int)root_len, qual));
		else if (lit_is(&v, "None"))
			report(w, R_B113, ci->node,
			       format_message(w, "Call to %.*s with timeout set to None", (int)root_len, qual));
	}
	if (w->enabled[R_B501]) {
		lit_value(w, keyword_value(w, ci, "verify"), &st->value, &v);
		if (lit_is(&v, "False"))
			report_call(w, R_B501, ci,
				    format_message(w, "Call to %.*s with verify=False disabling SSL certificate checks, security issue.",
						   (int)root_len, qual), "verify");
	}
}

/* B202 */
static void check_tarfile(walk *w, const call_info *ci, const char *name)
{
	py_state *st = w->st;
	TSNode filter, members;
	finding *f;

	if (!strstr(name, "extractall") || !imported_exact(st, "tarfile"))
		return;
	filter = unparen(st, keyword_value(w, ci, "filter"));
	if (!ts_node_is_null(filter) && str_constant(w, filter, &st->value) &&
	    strcmp(st->value.data, "data") == 0 && st->value.len == 4)
		return;
	members = unparen(st, keyword_value(w, ci, "members"));
	if (ts_node_is_null(members)) {
		report(w, R_B202, ci->node, NULL);
		return;
	}
	if (kind_of(st, members) == K_CALL) {
		TSNode fn = unparen(st, ts_node_child_by_field_id(members, st->f_function));
		size_t len;
		const char *p;

		/* Bandit reads func.id, so `members=m.f(t)` raises inside the
		 * plugin and reports nothing. */
		if (kind_of(st, fn) != K_IDENTIFIER)
			return;
		p = py_node_text(fn, w->text, &len);
		f = report(w, R_B202, ci->node,
			   format_message(w, "Usage of tarfile.extractall(members=function(tarfile)). Make sure your function properly discards dangerous members {'Function': '%.*s'}).",
					  (int)len, p));
		f->severity = LEVEL_LOW;
		f->confidence = LEVEL_LOW;
		return;
	}
	{
		size_t len;
		const char *p = py_node_text(members, w->text, &len);

		if (kind_of(st, members) == K_IDENTIFIER)
			format_message(w, "Found tarfile.extractall(members=?) but couldn't identify the type of members. Check if the members were properly validated {'Other': '%.*s'}).",
				       (int)len, p);
		else
			format_message(w, "Found tarfile.extractall(members=?) but couldn't identify the type of members. Check if the members were properly validated {'Other': %.*s}).",
				       (int)len, p);
		f = report(w, R_B202, ci->node, st->message.data);
		f->severity = LEVEL_MEDIUM;
		f->confidence = LEVEL_MEDIUM;
	}
}

static bool weak_hash(const char *p, size_t len, bool fold)
{
	static const char *const names[] = { "md4", "md5", "sha", "sha1", NULL };

	for (const char *const *n = names; *n; n++)
		if (strlen(*n) == len &&
		    (fold ? strncasecmp(*n, p, len) : strncmp(*n, p, len)) == 0)
			return true;
	return false;
}

static bool weak_crypt(const lit *v)
{
	return lit_is(v, "METHOD_CRYPT") || lit_is(v, "METHOD_MD5") ||
	       lit_is(v, "METHOD_BLOWFISH");
}

/* B324: hashlib and crypt. */
static void check_hashlib(walk *w, const call_info *ci, const char *qual,
			  const char *func)
{
	py_state *st = w->st;
	char upper[64];
	lit v, sec;
	finding *f;

	if (has_component(qual, "hashlib")) {
		lit_value(w, keyword_value(w, ci, "usedforsecurity"), &st->value2, &sec);
		if (!ts_node_is_null(keyword_value(w, ci, "usedforsecurity")) && !lit_is(&sec, "True"))
			return;
		if (weak_hash(func, strlen(func), false)) {
			snprintf(upper, sizeof(upper), "%s", func);
		} else if (strcmp(func, "new") == 0) {
			TSNode arg = ci->positional ? positional_arg(w, ci, 0)
						    : keyword_value(w, ci, "name");

			lit_value(w, arg, &st->value, &v);
			if (v.kind != LIT_STR || !weak_hash(v.s, v.len, true) || v.len >= sizeof(upper))
				return;
			snprintf(upper, sizeof(upper), "%.*s", (int)v.len, v.s);
		} else {
			return;
		}
		for (char *u = upper; *u; u++)
			*u = (char)toupper((unsigned char)*u);
		report(w, R_B324, ci->node,
		       format_message(w, "Use of weak %s hash for security. Consider usedforsecurity=False", upper));
		return;
	}
	if (!has_component(qual, "crypt"))
		return;
	if (strcmp(func, "crypt") == 0)
		lit_value(w, ci->positional > 1 ? positional_arg(w, ci, 1)
						: keyword_value(w, ci, "salt"), &st->value, &v);
	else if (strcmp(func, "mksalt") == 0)
		lit_value(w, ci->positional ? positional_arg(w, ci, 0)
					    : keyword_value(w, ci, "method"), &st->value, &v);
	else
		return;
	if (!weak_crypt(&v))
		return;
	f = report(w, R_B324, ci->node,
		   format_message(w, "Use of insecure crypt.%.*s hash function.", (int)v.len, v.s));
	f->severity = LEVEL_MEDIUM;
}

/* B502 and B504 */
static void check_ssl(walk *w, const call_info *ci, const char *qual)
{
	py_state *st = w->st;
	const char *const *bad = bad_protocols(w);
	lit method, version;
	finding *f;

	lit_value(w, keyword_value(w, ci, "ssl_version"), &st->value, &version);
	lit_value(w, keyword_value(w, ci, "method"), &st->value2, &method);
	if (strcmp(qual, "ssl.wrap_socket") == 0) {
		if (w->enabled[R_B502] && in_lit_list(bad, &version))
			report_call(w, R_B502, ci, NULL, "ssl_version");
		if (w->enabled[R_B504] && version.kind == LIT_NONE)
			report_call(w, R_B504, ci, NULL, "ssl_version");
		return;
	}
	if (!w->enabled[R_B502])
		return;
	if (strcmp(qual, "pyOpenSSL.SSL.Context") == 0) {
		if (in_lit_list(bad, &method))
			report_call(w, R_B502, ci, "SSL.Context call with insecure SSL/TLS protocol version identified, security issue.",
				    "method");
		return;
	}
	if (in_lit_list(bad, &method) || in_lit_list(bad, &version)) {
		int line = line_of_keyword(w, ci, "method");

		if (!line)
			line = line_of_keyword(w, ci, "ssl_version");
		f = report(w, R_B502, ci->node, "Function call with insecure SSL/TLS protocol identified, possible security issue.");
		f->severity = LEVEL_MEDIUM;
		f->confidence = LEVEL_MEDIUM;
		if (line)
			set_line(w, f, line);
	}
}

static const struct {
	const char *name;
	long bits;
} ec_curves[] = {
	{ "SECT571K1", 571 }, { "SECT571R1", 570 }, { "SECP521R1", 521 },
	{ "BrainpoolP512R1", 512 }, { "SECT409K1", 409 }, { "SECT409R1", 409 },
	{ "BrainpoolP384R1", 384 }, { "SECP384R1", 384 }, { "SECT283K1", 283 },
	{ "SECT283R1", 283 }, { "BrainpoolP256R1", 256 }, { "SECP256K1", 256 },
	{ "SECP256R1", 256 }, { "SECT233K1", 233 }, { "SECT233R1", 233 },
	{ "SECP224R1", 224 }, { "SECP192R1", 192 }, { "SECT163K1", 163 },
	{ "SECT163R2", 163 },
};

/* Bandit's `a or b or default` over literal values: the first truthy. */
static bool lit_truthy(const lit *v)
{
	switch (v->kind) {
	case LIT_NONE: return false;
	case LIT_INT: return v->i != 0;
	case LIT_STR: return v->len > 0;
	default: return true;
	}
}

/* B505 */
static void check_key_size(walk *w, const call_info *ci, const char *qual)
{
	py_state *st = w->st;
	static const long defaults[6] = { 1024, 2048, 1024, 2048, 160, 224 };
	const long *limits = w->cfg->plugins ? w->cfg->plugins->weak_key : defaults;
	const char *type = NULL;
	long size = 0;
	int base;
	lit v;
	finding *f;

	if (!strcmp(qual, "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key") ||
	    !strcmp(qual, "cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key")) {
		type = strstr(qual, ".dsa.") ? "DSA" : "RSA";
		lit_value(w, keyword_value(w, ci, "key_size"), &st->value, &v);
		if (!lit_truthy(&v))
			lit_value(w, positional_arg(w, ci, type[0] == 'D' ? 0 : 1), &st->value, &v);
		if (!lit_truthy(&v)) {
			v.kind = LIT_INT;
			v.i = 2048;
		}
		if (v.kind != LIT_INT)
			return;
		size = (long)v.i;
	} else if (!strcmp(qual, "cryptography.hazmat.primitives.asymmetric.ec.generate_private_key")) {
		type = "EC";
		lit_value(w, keyword_value(w, ci, "curve"), &st->value, &v);
		if (!lit_truthy(&v))
			lit_value(w, positional_arg(w, ci, 0), &st->value, &v);
		size = 224;
		for (size_t i = 0; i < sizeof(ec_curves) / sizeof(ec_curves[0]); i++)
			if (lit_is(&v, ec_curves[i].name))
				size = ec_curves[i].bits;
	} else if (!strcmp(qual, "Crypto.PublicKey.DSA.generate") ||
		   !strcmp(qual, "Crypto.PublicKey.RSA.generate") ||
		   !strcmp(qual, "Cryptodome.PublicKey.DSA.generate") ||
		   !strcmp(qual, "Cryptodome.PublicKey.RSA.generate")) {
		type = strstr(qual, ".DSA.") ? "DSA" : "RSA";
		lit_value(w, keyword_value(w, ci, "bits"), &st->value, &v);
		if (!lit_truthy(&v))
			lit_value(w, positional_arg(w, ci, 0), &st->value, &v);
		if (!lit_truthy(&v)) {
			v.kind = LIT_INT;
			v.i = 2048;
		}
		if (v.kind != LIT_INT)
			return;
		size = (long)v.i;
	} else {
		return;
	}
	/* limits[] has two sizes per key type (the HIGH, then the MEDIUM
	 * bound): DSA, then RSA, then EC. */
	if (type[0] == 'D')
		base = 0;
	else if (type[0] == 'R')
		base = 2;
	else
		base = 4;
	for (int k = 0; k < 2; k++) {
		if (size < limits[base + k]) {
			f = report(w, R_B505, ci->node,
				   format_message(w, "%s key sizes below %ld bits are considered breakable. ",
						  type, limits[base + k]));
			f->severity = k == 0 ? LEVEL_HIGH : LEVEL_MEDIUM;
			return;
		}
	}
}

/* B506 */
static void check_yaml(walk *w, const call_info *ci, const char *qual,
		       const char *func)
{
	py_state *st = w->st;
	lit v;

	if (!imported_exact(st, "yaml") || !has_component(qual, "yaml") || strcmp(func, "load"))
		return;
	lit_value(w, keyword_value(w, ci, "Loader"), &st->value, &v);
	if (lit_is(&v, "SafeLoader") || lit_is(&v, "CSafeLoader"))
		return;
	lit_value(w, positional_arg(w, ci, 1), &st->value, &v);
	if (lit_is(&v, "SafeLoader") || lit_is(&v, "CSafeLoader"))
		return;
	report(w, R_B506, ci->node, NULL);
}

/* B507 */
static void check_paramiko_policy(walk *w, const call_info *ci)
{
	py_state *st = w->st;
	TSNode arg = ci->first_arg;
	size_t len = 0;
	const char *p = NULL;

	if (ts_node_is_null(arg))
		return;
	if (kind_of(st, arg) == K_CALL)
		arg = unparen(st, ts_node_child_by_field_id(arg, st->f_function));
	if (kind_of(st, arg) == K_ATTRIBUTE)
		p = py_node_text(ts_node_child_by_field_id(arg, st->f_attribute), w->text, &len);
	else if (kind_of(st, arg) == K_IDENTIFIER)
		p = py_node_text(arg, w->text, &len);
	if (!p)
		return;
	if ((len == 13 && !memcmp(p, "AutoAddPolicy", 13)) ||
	    (len == 13 && !memcmp(p, "WarningPolicy", 13)))
		report(w, R_B507, ci->node, NULL);
}

/* B609 */
static void check_wildcard(walk *w, const call_info *ci, const char *qual,
			   enum process_kind pk)
{
	py_state *st = w->st;
	static const char *const commands[] = { "chown", "chmod", "tar", "rsync", NULL };
	py_buffer *arg = &st->scratch;
	TSNode first = ci->first_arg;
	lit v;
	finding *f;

	if (pk == PROC_SUBPROCESS) {
		lit_value(w, keyword_value(w, ci, "shell"), &st->value, &v);
		if (!lit_is(&v, "True"))
			return;
	} else if (pk != PROC_SHELL) {
		return;
	}
	if (ci->positional < 1)
		return;
	arg->len = 0;
	py_buffer_append(arg, "", 0);
	if (kind_of(st, first) == K_LIST) {
		uint32_t n = code_child_count(st, first);

		for (uint32_t i = 0; i < n; i++) {
			TSNode e = unparen(st, code_child(st, first, i));
			lit ev;

			py_buffer_append(arg, " ", 1);
			if (kind_of(st, e) == K_ATTRIBUTE) {
				py_buffer_append(arg, "None", 4);
				continue;
			}
			lit_value(w, e, &st->value2, &ev);
			if (ev.kind == LIT_STR) {
				py_buffer_append(arg, ev.s, ev.len);
			} else if (ev.kind == LIT_INT) {
				char num[32];

				snprintf(num, sizeof(num), "%lld", ev.i);
				py_buffer_append(arg, num, strlen(num));
			} else {
				size_t len;
				const char *p = ev.kind == LIT_NONE ? "None" : py_node_text(e, w->text, &len);

				py_buffer_append(arg, p, ev.kind == LIT_NONE ? 4 : len);
			}
		}
	} else {
		lit_value(w, first, &st->value2, &v);
		if (v.kind != LIT_STR)
			return;
		py_buffer_append(arg, v.s, v.len);
	}
	if (arg->len == 0 || !memchr(arg->data, '*', arg->len))
		return;
	for (const char *const *c = commands; *c; c++) {
		if (memmem(arg->data, arg->len, *c, strlen(*c))) {
			f = report_call(w, R_B609, ci,
					format_message(w, "Possible wildcard injection in call: %s", qual),
					"shell");
			(void)f;
			return;
		}
	}
}

static bool is_str_node(walk *w, TSNode node)
{
	return str_constant(w, unparen(w->st, node), &w->st->scratch);
}

/* B610 */
static void check_django_extra(walk *w, const call_info *ci)
{
	py_state *st = w->st;
	static const char *const order[] = { "select", "where", "params", "tables" };
	TSNode arg[4];
	bool insecure = false;

	for (int i = 0; i < 4; i++) {
		arg[i] = (size_t)i < ci->positional ? positional_arg(w, ci, (size_t)i)
						    : unparen(st, keyword_value(w, ci, order[i]));
	}
	for (int i = 1; i <= 3 && !insecure; i += 2) {
		TSNode v = arg[i];

		if (ts_node_is_null(v))
			continue;
		if (kind_of(st, v) != K_LIST) {
			insecure = true;
			break;
		}
		for (uint32_t e = 0; e < code_child_count(st, v); e++)
			if (!is_str_node(w, code_child(st, v, e)))
				insecure = true;
	}
	if (!insecure && !ts_node_is_null(arg[0])) {
		TSNode sel = arg[0];

		if (kind_of(st, sel) != K_DICTIONARY) {
			insecure = true;
		} else {
			for (uint32_t e = 0; e < code_child_count(st, sel) && !insecure; e++) {
				TSNode pair = code_child(st, sel, e);

				if (kind_of(st, pair) != K_PAIR ||
				    !is_str_node(w, ts_node_child_by_field_id(pair, st->f_key)) ||
				    !is_str_node(w, ts_node_child_by_field_id(pair, st->f_value)))
					insecure = true;
			}
		}
	}
	if (insecure)
		report(w, R_B610, ci->node, NULL);
}

/* B611 */
static void check_rawsql(walk *w, const call_info *ci)
{
	TSNode sql = ci->positional ? ci->first_arg : keyword_value(w, ci, "sql");

	if (ts_node_is_null(sql))
		return;   /* Bandit raises KeyError here and reports nothing */
	if (!is_str_node(w, sql))
		report(w, R_B611, ci->node, NULL);
}

/* B615 */
static void check_huggingface(walk *w, const call_info *ci, const char *qual,
			      const char *func)
{
	py_state *st = w->st;
	static const struct { const char *func, *module; } patterns[] = {
		{ "from_pretrained", "transformers" }, { "load_dataset", "datasets" },
		{ "hf_hub_download", "huggingface_hub" },
		{ "snapshot_download", "huggingface_hub" },
		{ "repository_id", "huggingface_hub" },
	};
	const char *module = NULL;
	static const char *const pins[] = { "revision", "commit_id" };
	lit rev = { 0 }, first;

	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		if (!strcmp(func, patterns[i].func))
			module = patterns[i].module;
	if (!module || !has_component(qual, module))
		return;
	if (!imported_like(st, "transformers") && !imported_like(st, "datasets") &&
	    !imported_like(st, "huggingface_hub"))
		return;
	for (int i = 0; i < 2; i++) {
		TSNode v = unparen(st, keyword_value(w, ci, pins[i]));

		if (ts_node_is_null(v))
			continue;
		if (!any_constant(w, v))
			return;
	}
	for (int i = 0; i < 2 && !lit_truthy(&rev); i++)
		lit_value(w, keyword_value(w, ci, pins[i]), &st->value, &rev);
	if (rev.kind == LIT_STR && lit_truthy(&rev)) {
		const char *p = rev.s;
		size_t len = rev.len;
		bool hex = true;

		while (len && (*p == '"' || *p == '\''))
			p++, len--;
		while (len && (p[len - 1] == '"' || p[len - 1] == '\''))
			len--;
		for (size_t i = 0; i < len; i++)
			if (!isxdigit((unsigned char)p[i]))
				hex = false;
		if (len >= 7 && hex)
			return;
	}
	lit_value(w, positional_arg(w, ci, 0), &st->value2, &first);
	if (first.kind == LIT_STR &&
	    ((first.len >= 2 && !memcmp(first.s, "./", 2)) ||
	     (first.len >= 1 && first.s[0] == '/') ||
	     (first.len >= 3 && !memcmp(first.s, "../", 3))))
		return;
	report_call(w, R_B615, ci,
		    format_message(w, "Unsafe Hugging Face Hub download without revision pinning in %s()", func),
		    func);
}

/* Finds the first `autoescape=` keyword in the call's subtree, direct
 * keywords first (Bandit walks the call breadth-first). */
static TSNode find_autoescape(walk *w, TSNode node, int depth)
{
	py_state *st = w->st;
	uint32_t n = ts_node_named_child_count(node);
	TSNode found = null_node();

	for (uint32_t i = 0; i < n && depth == 0; i++) {
		TSNode a = ts_node_named_child(node, i);

		if (kind_of(st, a) == K_KEYWORD_ARGUMENT &&
		    py_node_text_is(ts_node_child_by_field_id(a, st->f_name), w->text, "autoescape"))
			return a;
	}
	for (uint32_t i = 0; i < n; i++) {
		TSNode a = ts_node_named_child(node, i);

		if (depth > 0 && kind_of(st, a) == K_KEYWORD_ARGUMENT &&
		    py_node_text_is(ts_node_child_by_field_id(a, st->f_name), w->text, "autoescape"))
			return a;
		found = find_autoescape(w, a, depth + 1);
		if (!ts_node_is_null(found))
			return found;
	}
	return found;
}

/* B701 */
static void check_jinja2(walk *w, const call_info *ci)
{
	py_state *st = w->st;
	TSNode kw = ts_node_is_null(ci->args) ? null_node() : find_autoescape(w, ci->args, 0);
	TSNode v;
	finding *f;

	if (ts_node_is_null(kw)) {
		report(w, R_B701, ci->node, NULL);
		return;
	}
	v = unparen(st, ts_node_child_by_field_id(kw, st->f_value));
	if (kind_of(st, v) == K_FALSE) {
		report(w, R_B701, ci->node, "Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Use autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.");
		return;
	}
	if (kind_of(st, v) == K_TRUE)
		return;
	if (kind_of(st, v) == K_CALL) {
		TSNode fn = unparen(st, ts_node_child_by_field_id(v, st->f_function));

		if ((kind_of(st, fn) == K_ATTRIBUTE &&
		     py_node_text_is(ts_node_child_by_field_id(fn, st->f_attribute), w->text, "select_autoescape")) ||
		    (kind_of(st, fn) == K_IDENTIFIER && py_node_text_is(fn, w->text, "select_autoescape")))
			return;
	}
	f = report(w, R_B701, ci->node, "Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Ensure autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.");
	f->confidence = LEVEL_MEDIUM;
}

/* B704 */
static void check_markup(walk *w, const call_info *ci, const char *qual,
			 const char *func)
{
	py_state *st = w->st;
	const plugin_options *o = w->cfg->plugins;
	TSNode arg = ci->first_arg;

	if (strcmp(qual, "markupsafe.Markup") && strcmp(qual, "flask.Markup") &&
	    !(o && in_list((const char *const *)o->markup_names, qual)))
		return;
	if (ts_node_is_null(arg) || any_constant(w, arg))
		return;
	if (o && o->allowed_calls && o->allowed_calls[0] && kind_of(st, arg) == K_CALL) {
		bool allowed;

		/* qualified_name overwrites st->qual: save ours first. */
		py_buffer_append(&st->value2, "", 0);
		st->value2.len = 0;
		py_buffer_append(&st->value2, qual, strlen(qual));
		qualified_name(w, ts_node_child_by_field_id(arg, st->f_function));
		allowed = in_list((const char *const *)o->allowed_calls, st->qual.data);
		st->qual.len = 0;
		py_buffer_append(&st->qual, st->value2.data, st->value2.len);
		if (allowed)
			return;
		qual = st->qual.data;
		func = last_part(qual);
	}
	report(w, R_B704, ci->node,
	       format_message(w, "Potential XSS with ``%s`` detected. Do not use ``%s`` on untrusted data.",
			      qual, func));
}

static TSNode assigned_value(walk *w, TSNode assignment);

/* B703's small data-flow test, after Bandit's: is `name` built only from
 * str literals by the statements of `body` that come before `until`?
 * The last assignment wins; an assignment of anything else makes it
 * unsafe. */
static bool safe_expr(walk *w, TSNode value, TSNode body, uint32_t until, int depth);

static bool safe_var(walk *w, TSNode name, TSNode body, uint32_t until, int depth)
{
	py_state *st = w->st;
	uint32_t n = ts_node_named_child_count(body);
	bool secure = false;
	size_t nlen;
	const char *np = py_node_text(name, w->text, &nlen);

	if (depth > 8)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		TSNode stmt = ts_node_named_child(body, i), a;

		if (ts_node_start_byte(stmt) >= until)
			break;
		if (kind_of(st, stmt) != K_EXPRESSION_STATEMENT)
			continue;
		a = ts_node_named_child(stmt, 0);
		if (kind_of(st, a) == K_ASSIGNMENT) {
			TSNode left = unparen(st, ts_node_child_by_field_id(a, st->f_left));
			size_t len;
			const char *p;

			if (kind_of(st, left) != K_IDENTIFIER)
				continue;
			p = py_node_text(left, w->text, &len);
			if (len != nlen || memcmp(p, np, len) != 0)
				continue;
			secure = safe_expr(w, assigned_value(w, a), body,
					   ts_node_start_byte(stmt), depth + 1);
			if (!secure)
				return false;
		} else if (kind_of(st, a) == K_AUGMENTED_ASSIGNMENT) {
			TSNode left = unparen(st, ts_node_child_by_field_id(a, st->f_left));
			size_t len;
			const char *p = py_node_text(left, w->text, &len);

			if (kind_of(st, left) == K_IDENTIFIER && len == nlen && !memcmp(p, np, len)) {
				secure = safe_expr(w, unparen(st, ts_node_child_by_field_id(a, st->f_right)),
						   body, ts_node_start_byte(stmt), depth + 1);
				if (!secure)
					return false;
			}
		}
	}
	return secure;
}

static bool safe_expr(walk *w, TSNode value, TSNode body, uint32_t until, int depth)
{
	py_state *st = w->st;
	enum kind k = kind_of(st, value);

	if (str_constant(w, value, &st->scratch))
		return true;
	if (k == K_IDENTIFIER)
		return safe_var(w, value, body, until, depth + 1);
	if (k == K_CALL) {
		TSNode fn = unparen(st, ts_node_child_by_field_id(value, st->f_function));
		TSNode args = ts_node_child_by_field_id(value, st->f_arguments);
		uint32_t n;

		if (kind_of(st, fn) != K_ATTRIBUTE ||
		    !py_node_text_is(ts_node_child_by_field_id(fn, st->f_attribute), w->text, "format") ||
		    !any_constant(w, unparen(st, ts_node_child_by_field_id(fn, st->f_object))) ||
		    ts_node_is_null(args) || kind_of(st, args) != K_ARGUMENT_LIST)
			return false;
		n = ts_node_named_child_count(args);
		for (uint32_t i = 0; i < n; i++) {
			TSNode a = unparen(st, ts_node_named_child(args, i));

			if (kind_of(st, a) == K_COMMENT)
				continue;
			if (kind_of(st, a) == K_KEYWORD_ARGUMENT || !safe_expr(w, a, body, until, depth + 1))
				return false;
		}
		return true;
	}
	return false;
}

/* B703 */
static void check_mark_safe(walk *w, const call_info *ci)
{
	py_state *st = w->st;
	TSNode arg = ci->first_arg, body = null_node();
	bool secure = false;

	if (ts_node_is_null(arg) || is_str_node(w, arg))
		return;
	/* The enclosing function body or module. */
	for (size_t i = w->depth; i > 0; i--) {
		TSNode a = st->stack[i - 1];

		if (kind_of(st, a) == K_FUNCTION_DEFINITION) {
			TSNode params = ts_node_child_by_field_id(a, st->f_parameters);

			if (kind_of(st, arg) == K_IDENTIFIER && !ts_node_is_null(params)) {
				uint32_t n = ts_node_named_child_count(params);
				size_t len;
				const char *p = py_node_text(arg, w->text, &len);

				for (uint32_t j = 0; j < n; j++) {
					TSNode q = ts_node_named_child(params, j), name = q;

					if (kind_of(st, q) != K_IDENTIFIER)
						name = ts_node_child_by_field_id(q, st->f_name);
					if (kind_of(st, q) == K_TYPED_PARAMETER)
						name = ts_node_named_child(q, 0);
					if (!ts_node_is_null(name) && kind_of(st, name) == K_IDENTIFIER) {
						size_t nl;
						const char *np = py_node_text(name, w->text, &nl);

						if (nl == len && !memcmp(np, p, len)) {
							report(w, R_B703, ci->node, NULL);
							return;
						}
					}
				}
			}
			body = ts_node_child_by_field_id(a, field("body"));
			break;
		}
	}
	if (ts_node_is_null(body) && w->depth > 0)
		body = st->stack[0];
	if (!ts_node_is_null(body)) {
		if (kind_of(st, arg) == K_IDENTIFIER)
			secure = safe_var(w, arg, body, ts_node_start_byte(ci->node), 0);
		else if (kind_of(st, arg) == K_CALL)
			secure = safe_expr(w, arg, body, ts_node_start_byte(ci->node), 0);
	}
	if (!secure)
		report(w, R_B703, ci->node, NULL);
}

static void visit_call(walk *w, const frame *f)
{
	py_state *st = w->st;
	TSNode node = f->node, function = f->head;
	call_info ci;
	enum rule_index hit;
	enum process_kind pk;
	const char *qual, *name;

	call_info_init(w, &ci, f);
	qualified_name(w, function);
	resolve_star(w, function);
	qual = st->qual.data;
	pk = process_kind_of(w, qual);

	if (w->enabled[R_B102] && strcmp(qual, "exec") == 0)
		report(w, R_B102, node, NULL);

	/* Blacklist: `__import__("m")` and importlib.import_module("m") are
	 * looked up under the imported module's name. */
	if (kind_of(st, unparen(st, function)) == K_IDENTIFIER &&
	    py_node_text_is(unparen(st, function), w->text, "__import__")) {
		if (ci.positional > 0 && str_constant(w, ci.first_arg, &st->value2))
			hit = call_blacklisted(st, st->value2.data);
		else
			hit = R_COUNT;
	} else if (strcmp(qual, "importlib.import_module") == 0 ||
		   strcmp(qual, "importlib.__import__") == 0) {
		TSNode arg = ci.positional > 0 ? ci.first_arg : keyword_value(w, &ci, "name");

		hit = R_COUNT;
		if (!ts_node_is_null(arg) && str_constant(w, unparen(st, arg), &st->value2))
			hit = call_blacklisted(st, st->value2.data);
		else if (!ts_node_is_null(arg) && kind_of(st, unparen(st, arg)) == K_IDENTIFIER) {
			size_t len;
			const char *p = py_node_text(unparen(st, arg), w->text, &len);

			st->value2.len = 0;
			py_buffer_append(&st->value2, p, len);
			hit = call_blacklisted(st, st->value2.data);
		}
	} else {
		hit = call_blacklisted(st, qual);
		st->value2.len = 0;
		py_buffer_append(&st->value2, qual, strlen(qual));
	}
	if (hit != R_COUNT && w->enabled[hit])
		report(w, hit, node, name_message(w, hit, st->value2.data, st->value2.len));

	name = last_part(qual);
	if (w->enabled[R_B103])
		check_chmod(w, &ci, name);
	check_requests(w, &ci, qual, name);
	if (w->enabled[R_B202])
		check_tarfile(w, &ci, name);
	if (w->enabled[R_B324])
		check_hashlib(w, &ci, qual, name);
	check_ssl(w, &ci, qual);
	if (w->enabled[R_B505])
		check_key_size(w, &ci, qual);
	if (w->enabled[R_B506])
		check_yaml(w, &ci, qual, name);
	if (w->enabled[R_B507] && !strcmp(name, "set_missing_host_key_policy") &&
	    imported_like(st, "paramiko"))
		check_paramiko_policy(w, &ci);
	if (w->enabled[R_B508] && !strcmp(qual, "pysnmp.hlapi.CommunityData")) {
		lit v;

		lit_value(w, keyword_value(w, &ci, "mpModel"), &st->value, &v);
		if (v.kind == LIT_INT && (v.i == 0 || v.i == 1))
			report(w, R_B508, node, NULL);
	}
	if (w->enabled[R_B509] && !strcmp(qual, "pysnmp.hlapi.UsmUserData") &&
	    ci.positional < 3)
		report(w, R_B509, node, NULL);
	if (w->enabled[R_B601] && !strcmp(name, "exec_command") &&
	    imported_like(st, "paramiko"))
		report(w, R_B601, node, NULL);
	if (w->enabled[R_B609])
		check_wildcard(w, &ci, qual, pk);
	if (w->enabled[R_B610] && !strcmp(name, "extra"))
		check_django_extra(w, &ci);
	if (w->enabled[R_B611] && !strcmp(name, "RawSQL") &&
	    imported_like(st, "django.db.models"))
		check_rawsql(w, &ci);
	if (w->enabled[R_B612] && !strcmp(qual, "logging.config.listen") &&
	    ts_node_is_null(keyword_value(w, &ci, "verify")))
		report(w, R_B612, node, NULL);
	if (w->enabled[R_B614] &&
	    (!strcmp(qual, "torch.load") || !strcmp(qual, "torch.serialization.load")) &&
	    imported_exact(st, "torch")) {
		lit v;

		lit_value(w, keyword_value(w, &ci, "weights_only"), &st->value, &v);
		if (!lit_is(&v, "True"))
			report(w, R_B614, node, NULL);
	}
	if (w->enabled[R_B615])
		check_huggingface(w, &ci, qual, name);
	if (w->enabled[R_B701] && !strcmp(name, "Environment") && has_component(qual, "jinja2"))
		check_jinja2(w, &ci);
	if (w->enabled[R_B702] && !strcmp(name, "Template") && has_component(qual, "mako"))
		report(w, R_B702, node, NULL);
	if (w->enabled[R_B703] && imported_like(st, "django.utils.safestring") &&
	    (!strcmp(name, "mark_safe") || !strcmp(name, "SafeText") ||
	     !strcmp(name, "SafeUnicode") || !strcmp(name, "SafeString") ||
	     !strcmp(name, "SafeBytes")))
		check_mark_safe(w, &ci);
	if (w->enabled[R_B704]) {
		check_markup(w, &ci, qual, name);
		/* check_markup may have reallocated st->qual. */
		qual = st->qual.data;
		name = last_part(qual);
	}
	if (w->enabled[R_B201])
		check_flask_debug(w, &ci, qual);
	if (w->enabled[R_B106])
		check_password_kwarg(w, &ci);
	check_process(w, &ci, pk);
	if (w->enabled[R_RP401])
		check_bind_empty(w, &ci, qual);
}

/* --- string constants ------------------------------------------------------ */

/* --- B108 and B608 on string constants ------------------------------------ */

static const char *const default_tmp_dirs[] = { "/tmp", "/var/tmp", "/dev/shm", NULL };

static bool tmp_path(const walk *w, const char *p, size_t len)
{
	const plugin_options *o = w->cfg->plugins;
	const char *const *dirs = o && o->tmp_dirs ? (const char *const *)o->tmp_dirs
						   : default_tmp_dirs;

	for (; *dirs; dirs++) {
		size_t n = strlen(*dirs);

		if (len >= n && memcmp(p, *dirs, n) == 0)
			return true;
	}
	return false;
}

static bool sql_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v' || (c >= 0x1c && c <= 0x1f);
}

/* Finds `word` (ASCII, lower case) case-insensitively at or after `from`
 * and followed by a space; returns its offset or -1.  With `last`, the
 * last such occurrence. */
static long find_word(const char *p, size_t len, size_t from, const char *word,
		      bool last)
{
	size_t n = strlen(word);
	long found = -1;

	for (size_t i = from; i + n < len; i++) {
		if ((p[i] | 0x20) != word[0])
			continue;
		if (strncasecmp(p + i, word, n) == 0 && sql_space(p[i + n])) {
			found = (long)i;
			if (!last)
				break;
		}
	}
	return found;
}

/*
 * Bandit's SQL pattern, searched anywhere and case-insensitively, with
 * `.` matching newlines: select\s.*from\s | delete\s+from\s |
 * insert\s+into\s.*values[\s(] | update\s.*set\s.
 */
static bool sql_like(const char *p, size_t len)
{
	long a, b;

	a = find_word(p, len, 0, "select", false);
	if (a >= 0 && find_word(p, len, (size_t)a + 7, "from", true) >= 0)
		return true;
	for (size_t i = 0; i + 6 < len; i++) {
		size_t j;

		if ((p[i] | 0x20) != 'd' || strncasecmp(p + i, "delete", 6) != 0 ||
		    !sql_space(p[i + 6]))
			continue;
		for (j = i + 6; j < len && sql_space(p[j]); j++)
			;
		if (j + 4 < len && strncasecmp(p + j, "from", 4) == 0 && sql_space(p[j + 4]))
			return true;
	}
	for (size_t i = 0; i + 6 < len; i++) {
		size_t j;

		if ((p[i] | 0x20) != 'i' || strncasecmp(p + i, "insert", 6) != 0 ||
		    !sql_space(p[i + 6]))
			continue;
		for (j = i + 6; j < len && sql_space(p[j]); j++)
			;
		if (j + 4 < len && strncasecmp(p + j, "into", 4) == 0 && sql_space(p[j + 4])) {
			for (size_t k = j + 5; k + 6 < len; k++)
				if (strncasecmp(p + k, "values", 6) == 0 &&
				    (sql_space(p[k + 6]) || p[k + 6] == '('))
					return true;
		}
	}
	b = find_word(p, len, 0, "update", false);
	if (b >= 0 && find_word(p, len, (size_t)b + 7, "set", true) >= 0)
		return true;
	return false;
}

/* The nearest ancestor above stack position `i` that Python's AST has. */
static TSNode ast_parent_at(walk *w, size_t i, size_t *index)
{
	py_state *st = w->st;

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

/*
 * Returns the stack position of the topmost binary operator of the chain
 * that contains the binary operator at stack position `index`.  Results
 * are remembered per stack position, so the strings of a chain of n
 * operators cost O(n) in all instead of O(n^2).
 */
static size_t chain_top_at(walk *w, size_t index)
{
	py_state *st = w->st;
	size_t top = index, up;

	if (w->depth + 1 > st->top_of_cap) {
		size_t cap = st->top_of_cap;

		GROW(st->top_of, cap, w->depth + 1);
		st->top_of_id = rm_xrealloc(st->top_of_id, cap * sizeof(void *));
		for (size_t i = st->top_of_cap; i < cap; i++)
			st->top_of_id[i] = NULL;
		st->top_of_cap = cap;
	}

	/* Climb until the chain ends or a remembered result is found. */
	for (;;) {
		TSNode above;

		if (st->top_of_id[top] == st->stack[top].id) {
			top = st->top_of[top];
			break;
		}
		above = ast_parent_at(w, top, &up);
		if (ts_node_is_null(above) || kind_of(st, above) != K_BINARY_OPERATOR)
			break;
		top = up;
	}

	/* Climb the same path again, remembering the result on the way. */
	for (size_t i = index;;) {
		TSNode above;

		if (st->top_of_id[i] == st->stack[i].id && st->top_of[i] == top)
			break;
		st->top_of[i] = top;
		st->top_of_id[i] = st->stack[i].id;
		if (i == top)
			break;
		above = ast_parent_at(w, i, &up);
		if (ts_node_is_null(above) || kind_of(st, above) != K_BINARY_OPERATOR)
			break;
		i = up;
	}
	return top;
}

/* True when `node` is a call of a function named execute or executemany. */
static bool execute_call(walk *w, TSNode node)
{
	py_state *st = w->st;
	TSNode fn;

	if (ts_node_is_null(node) || kind_of(st, node) != K_CALL)
		return false;
	fn = unparen(st, ts_node_child_by_field_id(node, st->f_function));
	if (kind_of(st, fn) == K_ATTRIBUTE)
		fn = ts_node_child_by_field_id(fn, st->f_attribute);
	else if (kind_of(st, fn) != K_IDENTIFIER)
		return false;
	return py_node_text_is(fn, w->text, "execute") ||
	       py_node_text_is(fn, w->text, "executemany");
}

/* Appends " value" for each str constant among the operands of the
 * operator chain `node`, left to right, leaving out the subtree `skip`. */
static void collect_operands(walk *w, TSNode node, TSNode skip, py_buffer *out,
			     int depth)
{
	py_state *st = w->st;

	node = unparen(st, node);
	if (ts_node_eq(node, skip) || depth > 200)
		return;
	if (kind_of(st, node) == K_BINARY_OPERATOR) {
		collect_operands(w, ts_node_child_by_field_id(node, st->f_left), skip, out, depth + 1);
		collect_operands(w, ts_node_child_by_field_id(node, st->f_right), skip, out, depth + 1);
		return;
	}
	if (str_constant(w, node, &st->scratch)) {
		py_buffer_append(out, " ", 1);
		py_buffer_append(out, st->scratch.data, st->scratch.len);
	}
}

static void report_sql(walk *w, TSNode node, bool execute, TSNode range)
{
	finding *f = report(w, R_B608, node, NULL);

	f->confidence = execute ? LEVEL_MEDIUM : LEVEL_LOW;
	set_range(w, f, range);
}

/* B608 for the str constant `node` (value in st->value) whose AST parent
 * is `parent` at stack position `index`. */
static void check_sql(walk *w, TSNode node, TSNode parent, size_t index,
		      TSNode range)
{
	py_state *st = w->st;
	py_buffer *stmt = &st->value2;
	enum kind k = kind_of(st, parent);
	TSNode wrapper;
	size_t up;

	if (k != K_BINARY_OPERATOR && k != K_ATTRIBUTE)
		return;
	stmt->len = 0;
	py_buffer_append(stmt, st->value.data, st->value.len);
	if (k == K_BINARY_OPERATOR) {
		size_t top_index = chain_top_at(w, index);
		TSNode top = st->stack[top_index];
		if (!ts_node_eq(top, parent))
			collect_operands(w, top, parent, stmt, 0);
		if (!sql_like(stmt->data, stmt->len))
			return;
		wrapper = ast_parent_at(w, top_index, &up);
		report_sql(w, node, execute_call(w, wrapper), range);
		return;
	}
	if (k == K_ATTRIBUTE) {
		TSNode attr = ts_node_child_by_field_id(parent, st->f_attribute);
		bool replace = py_node_text_is(attr, w->text, "replace");
		TSNode call;

		if (!replace && !py_node_text_is(attr, w->text, "format"))
			return;
		if (!ts_node_eq(unparen(st, ts_node_child_by_field_id(parent, st->f_object)), node))
			return;
		if (!sql_like(stmt->data, stmt->len))
			return;
		call = ast_parent_at(w, index, &up);
		wrapper = ts_node_is_null(call) ? call : ast_parent_at(w, up, &up);
		report_sql(w, node, !replace && execute_call(w, wrapper), range);
	}
}

typedef struct fstring_sql {
	walk *w;
	TSNode node;
	py_buffer *joined;
	bool any;
} fstring_sql;

typedef struct fstring_context {
	walk *w;
	TSNode node;
	py_buffer *joined;        /* the literal text, for B608 */
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
				f->range_last = node_end_line(w, code_child(st, params, n - 1));
				return;
			}
		}
	}
	if (k == K_ASSIGNMENT) {
		while (index > 0 && kind_of(st, st->stack[index - 1]) == K_ASSIGNMENT)
			parent = st->stack[--index];
	}
	set_range(w, f, parent);
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

	py_buffer_append(c->joined, value, len);
	if (w->enabled[R_B104] && len == 7 && memcmp(value, "0.0.0.0", 7) == 0) {
		f = report(w, R_B104, c->node, NULL);
		set_range(w, f, c->node);
	}
	if (w->enabled[R_RP401] && len == 2 && memcmp(value, "::", 2) == 0) {
		f = report(w, R_RP401, c->node, "Possible binding to all network interfaces (\"::\", the IPv6 wildcard address).");
		set_range(w, f, c->node);
	}
	if (w->enabled[R_B108] && tmp_path(w, value, len)) {
		f = report(w, R_B108, c->node, NULL);
		set_range(w, f, c->node);
	}
}

/*
 * Python 3.11's AST turns the literal text between the replacement
 * fields of an f-string into str constants positioned at the f-string
 * itself, with the JoinedStr as parent.  Bandit 1.9.4 on Python 3.11
 * therefore runs its Str checks (B104, B108) on each of them, even when
 * the f-string is a statement of its own.  It runs B608 once on their
 * concatenation (from the first piece), with MEDIUM confidence when the
 * f-string is the argument of an execute() call.
 */
static void check_fstring(walk *w, TSNode node)
{
	py_state *st = w->st;
	fstring_context c = { w, node, &st->value2 };
	size_t index;
	TSNode parent;

	st->value2.len = 0;
	py_buffer_append(&st->value2, "", 0);
	py_fstring_pieces(&st->value, node, w->text, fstring_piece, &c);
	if (w->enabled[R_B608] && st->value2.len > 0 &&
	    sql_like(st->value2.data, st->value2.len)) {
		parent = ast_parent(w, &index);
		report_sql(w, node, execute_call(w, parent), node);
	}
}

static void visit_string(walk *w, TSNode node)
{
	py_state *st = w->st;
	size_t index;
	TSNode parent = ast_parent(w, &index);
	finding *f;

	if (ts_node_is_null(parent))
		return;
	/* A str constant that is a statement of its own (a docstring) is
	 * not checked: its kind comes from the prefixes, so that it is
	 * never decoded. */
	if (kind_of(st, parent) == K_EXPRESSION_STATEMENT &&
	    code_child_count(st, parent) == 1 &&
	    py_string_kind_of(node, w->text) != PY_STRING_FSTRING)
		return;
	switch (py_string_value(&st->value, node, w->text)) {
	case PY_STRING_STR:
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
	if (w->enabled[R_B108] && tmp_path(w, st->value.data, st->value.len)) {
		f = report(w, R_B108, node, NULL);
		string_range(w, f, parent, index);
	}
	if (w->enabled[R_B608]) {
		size_t before = w->pending.count;

		check_sql(w, node, parent, index, node);
		if (w->pending.count > before)
			string_range(w, &w->pending.items[before], parent, index);
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
	const plugin_options *o = w->cfg->plugins;
	uint32_t n = ts_node_named_child_count(node);
	TSNode block = null_node(), type = null_node();
	enum kind body;
	enum rule_index r;
	bool typed;

	for (uint32_t i = 0; i < n; i++) {
		TSNode child = ts_node_named_child(node, i);
		enum kind k = kind_of(st, child);

		if (k == K_BLOCK)
			block = child;
		else if (k != K_COMMENT && ts_node_is_null(type))
			type = child;   /* the exception type comes first */
	}
	if (ts_node_is_null(block) || code_child_count(st, block) != 1)
		return;
	body = kind_of(st, code_child(st, block, 0));
	if (body == K_PASS) {
		r = R_B110;
		typed = o && o->pass_typed;
	} else if (body == K_CONTINUE) {
		r = R_B112;
		typed = o && o->continue_typed;
	} else {
		return;
	}
	if (!w->enabled[r])
		return;
	if (!ts_node_is_null(type) && !typed) {
		/* `except T as name:` wraps T in an as_pattern. */
		if (kind_of(st, type) == K_AS_PATTERN)
			type = ts_node_named_child(type, 0);
		type = unparen(st, type);
		if (kind_of(st, type) != K_IDENTIFIER ||
		    !py_node_text_is(type, w->text, "Exception"))
			return;
	}
	report(w, r, node, NULL);
}

/* B107: the first positional parameter (not keyword-only, not
 * positional-only) with a password-like name and a str literal default.
 * Defaults are paired with parameters the way Bandit pairs them:
 * right-aligned over the positional parameters that follow `/`. */
static void visit_function(walk *w, const frame *f)
{
	py_state *st = w->st;
	TSNode node = f->node;
	uint32_t n = (uint32_t)f->items, positional = 0, defaults = 0, slash = 0;
	uint32_t seen_slash = 0, index = 0;
	const call_arg *list = st->args + f->first;

	/* Bandit only checks `def`, not `async def`. */
	if (kind_of(st, ts_node_child(node, 0)) == K_ASYNC || ts_node_is_null(f->list))
		return;

	/* Count: parameters before `/` (positional-only), the positional
	 * ones after it, and all defaults among both. */
	for (uint32_t i = 0; i < n; i++) {
		enum kind k = list[i].kind;

		if (k == K_LIST_SPLAT_PATTERN || k == K_KEYWORD_SEPARATOR ||
		    k == K_DICTIONARY_SPLAT_PATTERN)
			break;
		if (k == K_TYPED_PARAMETER) {
			TSNode inner = ts_node_named_child(list[i].node, 0);
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
			TSNode p = list[i].node;
			enum kind k = list[i].kind;
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
					enum kind qk = list[j].kind;

					if (qk != K_DEFAULT_PARAMETER && qk != K_TYPED_DEFAULT_PARAMETER)
						continue;
					if (seen++ == want) {
						def = list[j].node;
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

/* B503: a positional default `x.PROTOCOL_SSLv2` (an attribute whose
 * last name is a bad protocol) in a `def` (not `async def`).  Bandit
 * reads only attribute defaults here, so a bare name is not flagged. */
static void check_ssl_defaults(walk *w, const frame *f)
{
	py_state *st = w->st;
	TSNode node = f->node;
	const char *const *bad = bad_protocols(w);
	const call_arg *list = st->args + f->first;

	if (kind_of(st, ts_node_child(node, 0)) == K_ASYNC || ts_node_is_null(f->list))
		return;
	for (size_t i = 0; i < f->items; i++) {
		TSNode p = list[i].node, value;
		enum kind k = list[i].kind;
		lit v;

		if (k == K_LIST_SPLAT_PATTERN || k == K_KEYWORD_SEPARATOR ||
		    k == K_DICTIONARY_SPLAT_PATTERN)
			break;
		if (k != K_DEFAULT_PARAMETER && k != K_TYPED_DEFAULT_PARAMETER)
			continue;
		value = unparen(st, ts_node_child_by_field_id(p, st->f_value));
		if (kind_of(st, value) != K_ATTRIBUTE)
			continue;
		lit_value(w, value, &st->value, &v);
		if (in_lit_list(bad, &v)) {
			report(w, R_B503, node, NULL);
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
 * The list is split into runs of `word,word,...`, and only the last word
 * of each run counts: "B602,B607" names only B607 while "B602, B607"
 * names both.  Unknown words are dropped.
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
 * chose explicitly and the first one inside the node's line range.
 * Their id sets are merged, and an empty merged set is a blanket nosec.
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
			if (st->meta[i].file_level)
				ctx = nosec_at(st, 1);
			else
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
	/* Without a \r in the file, memchr finds each line end. */
	bool any_cr = memchr(text, '\r', len) != NULL;

	while (i < len) {
		size_t start = i, end;

		if (!any_cr) {
			const char *nl = memchr(text + i, '\n', len - i);

			i = nl ? (size_t)(nl - text) : len;
		}
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
 * Reads a PEP 263 coding cookie from the first two lines and stores the
 * declared name in `name`.  Returns 0 for UTF-8 (no cookie, or a
 * UTF-8/ASCII alias), 1 for latin-1 and its aliases, 2 for another
 * single-byte ASCII-compatible encoding, and -1 for one it cannot read.
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
		uint64_t word;

		/* Skip ASCII eight bytes at a time. */
		if (i + 8 <= len) {
			memcpy(&word, p + i, 8);
			if ((word & 0x8080808080808080ull) == 0) {
				i += 8;
				continue;
			}
		}
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

/* True when the UTF-8 text holds one of the controls B613 looks for.  All
 * of them are three-byte sequences starting with 0xE2: U+200F is E2 80 8F,
 * U+202A-U+202E are E2 80 AA-AE and U+2066-U+2069 are E2 81 A6-A9. */
static bool has_bidi_control(const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len, *q = p;

	while ((q = memchr(q, 0xE2, (size_t)(end - q))) != NULL) {
		if (end - q >= 3) {
			if (q[1] == 0x80 && (q[2] == 0x8F || (q[2] >= 0xAA && q[2] <= 0xAE)))
				return true;
			if (q[1] == 0x81 && q[2] >= 0xA6 && q[2] <= 0xA9)
				return true;
		}
		q++;
	}
	return false;
}

/* B613: the first line (in Python's splitlines sense) holding one of the
 * Unicode bidirectional controls, tried in Bandit's order; reported at
 * that line with the character's 1-based code-point column.  Bandit's
 * file-level context spans lines 0 and 1, so a `# nosec` on line 1 also
 * covers it. */
static void check_trojansource(walk *w)
{
	static const uint32_t bidi[] = {
		0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068,
		0x2069, 0x200F,
	};
	const unsigned char *p = (const unsigned char *)w->text;
	size_t len = w->src->len, i = 0, start = 0;
	int line = 1;

	if (w->latin1 || !has_bidi_control(p, len))
		return;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		i = start = 3;
	while (start <= len && i <= len) {
		/* Find the end of this line and whether it holds a control. */
		size_t end = start, next;
		long best_col = -1;
		uint32_t found = 0;

		for (;;) {
			uint32_t cp;
			size_t n;

			if (end >= len) {
				next = len + 1;
				break;
			}
			cp = p[end];
			n = 1;
			if (cp >= 0xF0 && end + 3 < len + 1) { cp = ((cp & 7) << 18) | ((p[end + 1] & 0x3F) << 12) | ((p[end + 2] & 0x3F) << 6) | (p[end + 3] & 0x3F); n = 4; }
			else if (cp >= 0xE0) { cp = ((cp & 0xF) << 12) | ((p[end + 1] & 0x3F) << 6) | (p[end + 2] & 0x3F); n = 3; }
			else if (cp >= 0xC0) { cp = ((cp & 0x1F) << 6) | (p[end + 1] & 0x3F); n = 2; }
			if (cp == '\n' || cp == '\v' || cp == '\f' || cp == 0x1C || cp == 0x1D ||
			    cp == 0x1E || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
				next = end + n;
				break;
			}
			if (cp == '\r') {
				next = end + 1 < len && p[end + 1] == '\n' ? end + 2 : end + 1;
				break;
			}
			end += n;
		}
		for (size_t b = 0; b < sizeof(bidi) / sizeof(bidi[0]) && best_col < 0; b++) {
			long col = 0;

			for (size_t q = start; q < end;) {
				uint32_t cp = p[q];
				size_t n = cp >= 0xF0 ? 4 : cp >= 0xE0 ? 3 : cp >= 0xC0 ? 2 : 1;

				if (n == 3)
					cp = ((cp & 0xF) << 12) | ((p[q + 1] & 0x3F) << 6) | (p[q + 2] & 0x3F);
				if (cp == bidi[b]) {
					best_col = col;
					found = cp;
					break;
				}
				q += n;
				col++;
			}
		}
		if (best_col >= 0) {
			finding *f = report(w, R_B613, w->root,
					    format_message(w, "A Python source file contains bidirectional control characters ('\\u%04x').",
							   (unsigned)found));

			set_line(w, f, line);
			f->col = (int)best_col + 1;
			f->end_col = 0;
			f->end_line = line;
			f->range_first = f->range_last = line;
			w->st->meta[w->pending.count - 1].file_level = true;
			return;
		}
		if (next > len)
			break;
		start = i = next;
		line++;
	}
}

/* --- the walk ---------------------------------------------------------------- */

/*
 * Calls and defs are checked when the walk leaves them, with the lists
 * of arguments and parameters that it collected on its way through
 * them.  Looking the lists up when the walk enters them instead would
 * visit the same children a second time, at about the cost of the walk.
 */
static void push_frame(walk *w, TSNode node, bool def)
{
	py_state *st = w->st;
	frame *f;

	GROW(st->frames, st->frame_cap, st->frame_count + 1);
	f = &st->frames[st->frame_count++];
	f->node = node;
	f->depth = w->depth;
	f->def = def;
	f->head = null_node();
	f->list = null_node();
	f->first = st->arg_count;
	f->items = 0;
}

/*
 * Records what the innermost open frame needs from `node`, which the
 * walk has just reached: a call's function and arguments, a def's
 * parameters, the named children of those lists and the name and value
 * of each keyword argument.  Deeper frames always close before the walk
 * returns to the levels of an outer one, so only the innermost collects.
 */
static void collect(walk *w, const py_walker *cursor, TSNode node,
		    TSSymbol symbol, enum kind k)
{
	py_state *st = w->st;
	frame *f = &st->frames[st->frame_count - 1];
	size_t level = w->depth - f->depth;   /* 1 for a child of f->node */
	call_arg *a;

	if (level == 1) {
		TSFieldId field = py_walker_field_id(cursor);

		if (field == (f->def ? st->f_parameters : st->f_arguments))
			f->list = node;
		else if (!f->def && field == st->f_function)
			f->head = node;
		return;
	}
	if (level == 2 && !ts_node_is_null(f->list) &&
	    ts_node_eq(st->stack[w->depth - 1], f->list)) {
		bool named = symbol == (TSSymbol)-1 ||
			     (symbol < st->symbol_count && st->named[symbol]);

		if (!named)
			return;
		GROW(st->args, st->arg_cap, st->arg_count + 1);
		a = &st->args[st->arg_count++];
		f->items++;
		a->node = node;
		a->kind = k;
		a->name = NULL;
		a->name_len = 0;
		a->value = null_node();
		return;
	}
	if (level == 3 && f->items > 0) {
		TSFieldId field;

		a = &st->args[f->first + f->items - 1];
		if (a->kind != K_KEYWORD_ARGUMENT || f->def ||
		    !ts_node_eq(st->stack[w->depth - 1], a->node))
			return;
		field = py_walker_field_id(cursor);
		if (field == st->f_name)
			a->name = py_node_text(node, w->text, &a->name_len);
		else if (field == st->f_value)
			a->value = node;
	}
}

/* Runs the checks of the innermost frame, whose subtree the walk has
 * just left, and closes it.  w->depth is the frame's depth again, so
 * st->stack holds the node's ancestors as when the walk entered it. */
static void finish_frame(walk *w)
{
	py_state *st = w->st;
	frame *f = &st->frames[st->frame_count - 1];

	if (!f->def) {
		visit_call(w, f);
	} else {
		if (w->enabled[R_B107])
			visit_function(w, f);
		if (w->enabled[R_B503])
			check_ssl_defaults(w, f);
	}
	st->arg_count = f->first;
	st->frame_count--;
}

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
		push_frame(w, node, false);
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
		if (w->enabled[R_B101] && !w->assert_skipped)
			report(w, R_B101, node, NULL);
		break;
	case K_EXCEPT:
	case K_EXCEPT_GROUP:
		visit_except(w, node);
		break;
	case K_FUNCTION_DEFINITION:
		if (w->enabled[R_B107] || w->enabled[R_B503])
			push_frame(w, node, true);
		break;
	default:
		break;
	}
}

/*
 * Returns true when the walk may skip the children of the string `node`:
 * below a string that is not an f-string there are only its delimiters
 * and literal text, which no check reads.  Of those only the string_start
 * can make the file invalid Python 3, so this runs that check and records
 * a failure in w->syntax_reason.  Meant for trees without ERROR nodes.
 */
static bool skip_plain_string(walk *w, TSNode node)
{
	TSNode start;
	size_t len;
	const char *p, *reason;

	if (ts_node_child_count(node) == 0)
		return false;
	start = ts_node_child(node, 0);
	if (kind_of(w->st, start) != K_STRING_START)
		return false;
	p = py_node_text(start, w->text, &len);
	for (size_t i = 0; i < len && p[i] != '\'' && p[i] != '"'; i++)
		if ((p[i] | 0x20) == 'f')
			return false;
	reason = py_node_syntax_reason(start, w->text);
	if (reason) {
		w->syntax_reason = reason;
		w->syntax_node = start;
	}
	return true;
}

/*
 * Returns true when the walk may skip the children of `node`, an
 * expression node (st->expression) in a tree without ERROR nodes, because
 * nothing below it can matter.  Everything the walk looks for below an
 * expression leaves a trace in its text: a call an opening parenthesis,
 * a string a quote (or a Python 2 backquote), a comment a '#', an
 * integer a digit and a Python 2 `<>` itself.  The argument list of the
 * innermost call or def and its keyword arguments are never skipped,
 * because collect() reads their children.
 */
static bool skip_plain_subtree(walk *w, TSNode node)
{
	static const bool mark[256] = {
		['#'] = true, ['\''] = true, ['"'] = true, ['`'] = true,
		['('] = true, ['0'] = true, ['1'] = true, ['2'] = true,
		['3'] = true, ['4'] = true, ['5'] = true, ['6'] = true,
		['7'] = true, ['8'] = true, ['9'] = true,
	};
	py_state *st = w->st;
	size_t start = ts_node_start_byte(node), end = ts_node_end_byte(node);
	size_t len = w->src->len;
	const char *p = w->text;

	if (st->frame_count > 0) {
		const frame *f = &st->frames[st->frame_count - 1];

		if (ts_node_eq(node, f->list) ||
		    (!f->def && kind_of(st, node) == K_KEYWORD_ARGUMENT &&
		     w->depth == f->depth + 2 &&
		     ts_node_eq(st->stack[w->depth - 1], f->list)))
			return false;
	}
	/* The walk meets nodes in source order, so the search for the next
	 * mark moves forward through the file and reads each byte about
	 * once.  Reading each node's own text made nested expressions such as
	 * `- - - 1` quadratic.  A `<` at the node's last byte followed by `>`
	 * counts as a mark, so at worst a node that could be skipped is walked. */
	if (!w->mark_known || start < w->mark_from || start > w->mark_at) {
		size_t i = start;

		while (i < len && !mark[(unsigned char)p[i]] &&
		       !(p[i] == '<' && i + 1 < len && p[i + 1] == '>'))
			i++;
		w->mark_from = start;
		w->mark_at = i;
		w->mark_known = true;
	}
	return w->mark_at >= end;
}

/* Walks the whole tree once; stops early at the first node Python 3
 * rejects (recorded in w->syntax_reason). */
static void walk_tree(walk *w, TSTree *tree)
{
	py_state *st = w->st;
	py_walker *cursor = &st->walker;
	/* Without ERROR and MISSING nodes only a few symbols can make the
	 * file invalid, so the others skip py_node_syntax_reason(). */
	bool any_error = ts_node_has_error(ts_tree_root_node(tree));

	py_walker_reset(cursor, tree);
	w->depth = 0;
	for (;;) {
		TSNode node = py_walker_node(cursor);
		TSSymbol symbol = ts_node_symbol(node);
		enum kind k = symbol == (TSSymbol)-1 ? K_ERROR :
			      symbol < st->symbol_count ? (enum kind)st->kinds[symbol] : K_OTHER;
		const char *reason = NULL;
		bool descend = true;

		if (any_error || (symbol < st->symbol_count && st->syntax_rule[symbol]))
			reason = py_node_syntax_reason(node, w->text);
		if (reason) {
			w->syntax_reason = reason;
			w->syntax_node = node;
			break;
		}
		if (st->frame_count > 0)
			collect(w, cursor, node, symbol, k);
		visit(w, node, k);
		if (k == K_STRING && !any_error) {
			descend = !skip_plain_string(w, node);
			if (w->syntax_reason)
				break;
		} else if (!any_error && symbol < st->symbol_count &&
			   st->expression[symbol]) {
			descend = !skip_plain_subtree(w, node);
		}
		if (descend && py_walker_first_child(cursor)) {
			GROW(st->stack, st->stack_cap, w->depth + 1);
			st->stack[w->depth++] = node;
			continue;
		}
		/* The node is done; so is each ancestor the walk climbs back to. */
		if (st->frame_count > 0 && st->frames[st->frame_count - 1].depth == w->depth)
			finish_frame(w);
		while (!py_walker_next_sibling(cursor)) {
			if (!py_walker_parent(cursor))
				goto done;
			w->depth--;
			if (st->frame_count > 0 &&
			    st->frames[st->frame_count - 1].depth == w->depth)
				finish_frame(w);
		}
	}
done:
	;
}

static void state_reset(py_state *st)
{
	st->names.len = 0;
	st->alias_count = 0;
	st->import_count = 0;
	st->star_count = 0;
	st->nosec_count = 0;
	st->nosec_id_count = 0;
	st->probe_count = 0;
	st->frame_count = 0;
	st->arg_count = 0;
	/* Node ids are addresses in the previous tree, which a new tree may
	 * reuse, so remembered operator chains do not carry over. */
	for (size_t i = 0; i < st->top_of_cap; i++)
		st->top_of_id[i] = NULL;
}

static bool list_has(const char **list, const char *id)
{
	for (; list && *list; list++)
		if (strcmp(*list, id) == 0)
			return true;
	return false;
}

/* scan_rule_enabled, plus Bandit's B001: the id of the blacklist test,
 * which selects or skips every B3xx and B4xx id at once. */
static bool rule_selected(const scan_config *cfg, const char *id)
{
	bool blacklist = id[0] == 'B' && (id[1] == '3' || id[1] == '4') && strcmp(id, "B324") != 0;

	if (blacklist && list_has(cfg->skip, "B001"))
		return false;
	if (blacklist && list_has(cfg->tests, "B001"))
		return !list_has(cfg->skip, id);
	return scan_rule_enabled(cfg, id);
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
		w.enabled[i] = st->rules[i] && rule_selected(cfg, rule_ids[i]);
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
	w.root = ts_tree_root_node(tree);
	if (cfg->plugins && cfg->plugins->assert_skips) {
		for (char **g = cfg->plugins->assert_skips; *g; g++)
			if (fnmatch(*g, src->path, 0) == 0)
				w.assert_skipped = true;
	}
	walk_tree(&w, tree);
	if (!w.syntax_reason && w.enabled[R_B613])
		check_trojansource(&w);
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
