/*
 * Tests for the Python fixers (remediate/fixers/python*.c).  Each case
 * writes a small source as app.py into a fresh directory, scans it with
 * the real Python analyzer, runs the fixer of the first finding of the
 * rule under test and compares the planned text byte for byte.  The
 * re-analysis checks rescan the planned text: the finding is gone and no
 * rule has more findings than before, except the LOW rules the fix
 * declares in expected_new.  The idempotence checks run analyzer and
 * fixer again on the output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "error.h"
#include "fixer.h"
#include "fixers/fixers.h"
#include "scan.h"

#define SAMPLE "tests/fixtures/fixers/python/sample/"

/* A scratch tree with the files a case needs. */
typedef struct tree {
	char root[64];
	char *names[8];
	size_t count;
} tree;

static void tree_new(tree *t)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->root, sizeof(t->root), "/tmp/test_fixers_python.XXXXXX");
	assert_non_null(mkdtemp(t->root));
}

static void tree_add(tree *t, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", t->root, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->names[i], name) == 0)
			return;
	t->names[t->count++] = strdup(name);
}

static void tree_free(tree *t)
{
	char path[256];

	for (size_t i = 0; i < t->count; i++) {
		snprintf(path, sizeof(path), "%s/%s", t->root, t->names[i]);
		unlink(path);
		free(t->names[i]);
	}
	rmdir(t->root);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = malloc((size_t)n + 1);
	assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
	text[n] = '\0';
	fclose(f);
	return text;
}

static const fixer *python_fixer(const char *rule_id)
{
	for (const fixer *f = python_fixers; f->rule_id; f++)
		if (strcmp(f->rule_id, rule_id) == 0)
			return f;
	return NULL;
}

static void scan_text(scan_result *out, const char *path, const char *text)
{
	source *src = source_from_bytes(path, text, strlen(text));
	scan_config cfg;

	scan_config_init(&cfg);
	assert_int_equal(scan_source(out, src, TARGET_PYTHON, &cfg), 0);
	assert_int_equal(out->errors_count, 0);
	source_free(src);
}

static long count_rule(const scan_result *r, const char *id)
{
	long n = 0;

	for (size_t i = 0; i < r->findings.count; i++)
		if (strcmp(r->findings.items[i].rule->id, id) == 0)
			n++;
	return n;
}

/* The result of running one fixer. */
typedef struct outcome {
	int rc;
	fix plan;
	char *text;        /* planned app.py, or NULL */
	char *reason;      /* error slot after a failure */
} outcome;

static void outcome_free(outcome *o)
{
	fix_release(&o->plan);
	free(o->text);
	free(o->reason);
}

/*
 * Runs the fixer for `rule_id` on the first finding of that rule in
 * t/app.py (which must exist).  Fails the test when there is none.
 */
static void run_fixer(outcome *o, tree *t, const char *rule_id)
{
	char path[256];
	source *src = NULL;
	scan_result scan;
	const finding *f = NULL;
	fix_context ctx;
	const fix_file *file;

	memset(o, 0, sizeof(*o));
	snprintf(path, sizeof(path), "%s/app.py", t->root);
	assert_int_equal(source_load(&src, path, 0), 0);
	free(src->path);
	src->path = strdup("app.py");
	scan_text(&scan, "app.py", src->text);
	for (size_t i = 0; i < scan.findings.count && !f; i++)
		if (strcmp(scan.findings.items[i].rule->id, rule_id) == 0)
			f = &scan.findings.items[i];
	assert_non_null(f);
	ctx.root = t->root;
	ctx.finding = f;
	ctx.src = src;
	ctx.scan = &scan;
	rm_error_clear();
	o->rc = python_fixer(rule_id)->plan(&o->plan, &ctx);
	if (o->rc < 0) {
		o->reason = strdup(rm_error_last());
	} else {
		file = fix_get_file(&o->plan, "app.py");
		assert_non_null(file);
		o->text = strdup(file->content);
		assert_non_null(o->plan.subject);
		assert_non_null(o->plan.problem);
		assert_non_null(o->plan.change);
	}
	scan_result_free(&scan);
	source_free(src);
}

/* Writes `input` as app.py, runs the fixer and checks the exact output. */
static void expect_fix(const char *rule_id, const char *input, const char *expected,
		       const char *subject)
{
	tree t;
	outcome o;

	tree_new(&t);
	tree_add(&t, "app.py", input);
	run_fixer(&o, &t, rule_id);
	if (o.rc < 0)
		fail_msg("%s: %s", rule_id, o.reason);
	assert_string_equal(o.text, expected);
	if (subject)
		assert_string_equal(o.plan.subject, subject);
	outcome_free(&o);
	tree_free(&t);
}

/* Expects RM_ENOTFOUND with `words` in the reason. */
static void expect_reject(const char *rule_id, const char *input, const char *words)
{
	tree t;
	outcome o;

	tree_new(&t);
	tree_add(&t, "app.py", input);
	run_fixer(&o, &t, rule_id);
	assert_int_equal(o.rc, RM_ENOTFOUND);
	if (!strstr(o.reason, words))
		fail_msg("reason '%s' lacks '%s'", o.reason, words);
	outcome_free(&o);
	tree_free(&t);
}

static bool declared(const fix *plan, const char *id)
{
	for (size_t i = 0; i < 4; i++)
		if (plan->expected_new[i] && strcmp(plan->expected_new[i], id) == 0)
			return true;
	return false;
}

/*
 * Re-analysis and idempotence: the fixed text has fewer findings of the
 * rule, no rule grew except declared LOW ones, and running the fixer
 * loop again leaves no finding of the rule.
 */
static void expect_clean(const char *rule_id, const char *input)
{
	tree t;
	outcome o;
	scan_result before, after;

	tree_new(&t);
	tree_add(&t, "app.py", input);
	run_fixer(&o, &t, rule_id);
	assert_int_equal(o.rc, 0);
	scan_text(&before, "app.py", input);
	scan_text(&after, "app.py", o.text);
	assert_true(count_rule(&after, rule_id) < count_rule(&before, rule_id));
	for (size_t i = 0; i < after.findings.count; i++) {
		const finding *g = &after.findings.items[i];

		if (count_rule(&after, g->rule->id) <= count_rule(&before, g->rule->id))
			continue;
		if (!(declared(&o.plan, g->rule->id) && g->severity == LEVEL_LOW))
			fail_msg("%s added %s at line %d", rule_id, g->rule->id, g->line);
	}

	/* Idempotence: fixing the remaining findings of the rule one at a
	 * time leaves none. */
	for (int round = 0; round < 4 && count_rule(&after, rule_id) > 0; round++) {
		tree_add(&t, "app.py", o.text);
		outcome_free(&o);
		run_fixer(&o, &t, rule_id);
		assert_int_equal(o.rc, 0);
		scan_result_free(&after);
		scan_text(&after, "app.py", o.text);
	}
	assert_int_equal(count_rule(&after, rule_id), 0);
	scan_result_free(&before);
	scan_result_free(&after);
	outcome_free(&o);
	tree_free(&t);
}

/* --- B602 / B604 ------------------------------------------------------------ */

static const char ping_route[] =
	"import subprocess\n"
	"\n"
	"from flask import Flask, jsonify, request\n"
	"\n"
	"app = Flask(__name__)\n"
	"\n"
	"\n"
	"@app.route(\"/ping\")\n"
	"def ping():\n"
	"    ip = request.args.get(\"ip\", \"127.0.0.1\")\n"
	"    output = subprocess.check_output(f\"ping -c 1 {ip}\", shell=True)\n"
	"    return output\n";

static void b602_fstring_route(void **state)
{
	(void)state;
	expect_fix("B602", ping_route,
		   "import ipaddress\n"
		   "import subprocess\n"
		   "\n"
		   "from flask import Flask, jsonify, request\n"
		   "\n"
		   "app = Flask(__name__)\n"
		   "\n"
		   "\n"
		   "@app.route(\"/ping\")\n"
		   "def ping():\n"
		   "    ip = request.args.get(\"ip\", \"127.0.0.1\")\n"
		   "    try:\n"
		   "        ipaddress.ip_address(ip)\n"
		   "    except ValueError:\n"
		   "        return jsonify({\"error\": \"ip must be an IP address\"}), 400\n"
		   "    output = subprocess.check_output([\"ping\", \"-c\", \"1\", ip])\n"
		   "    return output\n",
		   "Run ping without a shell in app.py (B602)");
}

static void b602_route_without_jsonify(void **state)
{
	(void)state;
	expect_fix("B602",
		   "import subprocess\n"
		   "import flask\n"
		   "app = flask.Flask(__name__)\n"
		   "@app.get('/trace')\n"
		   "def trace(host):\n"
		   "\treturn subprocess.run(f'traceroute {host}', shell=True, check=True)\n",
		   "import subprocess\n"
		   "import flask\n"
		   "import ipaddress\n"
		   "app = flask.Flask(__name__)\n"
		   "@app.get('/trace')\n"
		   "def trace(host):\n"
		   "\ttry:\n"
		   "\t\tipaddress.ip_address(host)\n"
		   "\texcept ValueError:\n"
		   "\t\treturn \"host must be an IP address\", 400\n"
		   "\treturn subprocess.run(['traceroute', host], check=True)\n",
		   NULL);
}

static void b602_concat_outside_route(void **state)
{
	(void)state;
	/* Not a route: the checks raise.  A token mixing text and a name
	 * stays one f-string element. */
	expect_fix("B602",
		   "\"\"\"Tools.\"\"\"\n"
		   "from subprocess import call\n"
		   "\n"
		   "def show(fname, target_host):\n"
		   "    call(\"cat --number \" + fname + \" --to=\" + target_host, shell=True)\n",
		   "\"\"\"Tools.\"\"\"\n"
		   "import ipaddress\n"
		   "from subprocess import call\n"
		   "\n"
		   "def show(fname, target_host):\n"
		   "    if not fname or fname.startswith(\"-\") or \"/\" in fname or fname in (\".\", \"..\"):\n"
		   "        raise ValueError(\"fname must be a plain file name\")\n"
		   "    ipaddress.ip_address(target_host)  # raises ValueError for anything but an IP address\n"
		   "    call([\"cat\", \"--number\", fname, f\"--to={target_host}\"])\n",
		   "Run cat without a shell in app.py (B602)");
}

static void b602_plain_and_format_spec(void **state)
{
	(void)state;
	/* No address or file name: no checks.  A field with a format spec
	 * stays an f-string; a multi-line call keeps its layout. */
	expect_fix("B602",
		   "import subprocess\n"
		   "subprocess.Popen(\n"
		   "    f\"sleep {n:d} --x\",\n"
		   "    shell=True,\n"
		   ")\n",
		   "import subprocess\n"
		   "subprocess.Popen(\n"
		   "    [\"sleep\", f\"{n:d}\", \"--x\"],\n"
		   ")\n",
		   NULL);
}

static void b602_reanalysis(void **state)
{
	(void)state;
	expect_clean("B602", ping_route);
	expect_clean("B602",
		     "import subprocess\n"
		     "def a(ip):\n"
		     "    subprocess.call('ping ' + ip, shell=True)\n"
		     "    subprocess.call(f'ping6 {ip}', shell=True)\n");
}

static void b602_rejects(void **state)
{
	(void)state;
	expect_reject("B602", "import subprocess\nsubprocess.call(f'ping {ip} | head', shell=True)\n",
		      "shell syntax ('|'");
	expect_reject("B602", "import subprocess\nsubprocess.call(f'ls {d} > out', shell=True)\n",
		      "shell syntax ('>'");
	expect_reject("B602", "import subprocess\nsubprocess.call('ls *.py', shell=True)\n",
		      "shell syntax ('*'");
	expect_reject("B602", "import subprocess\nsubprocess.call('echo \"$HOME\"', shell=True)\n",
		      "shell syntax");
	expect_reject("B602", "import subprocess\nsubprocess.call('ping %s' % ip, shell=True)\n",
		      "% formatting");
	expect_reject("B602", "import subprocess\nsubprocess.call('ping {}'.format(ip), shell=True)\n",
		      ".format()");
	expect_reject("B602", "import subprocess\nsubprocess.call(cmd, shell=True)\n",
		      "variable 'cmd'");
	expect_reject("B602", "import subprocess\nsubprocess.call([cmd], shell=True)\n",
		      "already a sequence");
	expect_reject("B602", "import subprocess\nsubprocess.call(f'{prog} -x', shell=True)\n",
		      "program name comes from a value");
	expect_reject("B602", "import subprocess\nsubprocess.call('LANG=C ls', shell=True)\n",
		      "variable assignment");
	expect_reject("B602", "import subprocess\nif x: subprocess.call(f'ping {ip}', shell=True)\n",
		      "shares its line");
}

static void b604_other_callee(void **state)
{
	(void)state;
	expect_reject("B604", "import mylib\nmylib.execute(f'ls {d}', shell=True)\n",
		      "'mylib.execute' is not a subprocess function");
	/* A subprocess function reached through another name. */
	expect_fix("B604",
		   "import tools\n"
		   "tools.check_call('ls -l', shell=True)\n",
		   "import tools\n"
		   "tools.check_call(['ls', '-l'])\n",
		   NULL);
}

/* --- B605 ------------------------------------------------------------------- */

static void b605_system(void **state)
{
	(void)state;
	expect_fix("B605",
		   "import os\n"
		   "def ping(addr):\n"
		   "    return os.system(\"ping -c 1 \" + addr)\n",
		   "import ipaddress\n"
		   "import os\n"
		   "import subprocess\n"
		   "def ping(addr):\n"
		   "    ipaddress.ip_address(addr)  # raises ValueError for anything but an IP address\n"
		   "    return subprocess.call([\"ping\", \"-c\", \"1\", addr])\n",
		   "Run ping without a shell in app.py (B605)");
	expect_clean("B605",
		     "import os\n"
		     "def ping(addr):\n"
		     "    return os.system(\"ping -c 1 \" + addr)\n");
}

static void b605_popen_read(void **state)
{
	(void)state;
	expect_fix("B605",
		   "import os\n"
		   "listing = os.popen(f\"ls -l {folder}\").read()\n",
		   "import os\n"
		   "import subprocess\n"
		   "listing = subprocess.run([\"ls\", \"-l\", folder], capture_output=True, text=True, check=False).stdout\n",
		   NULL);
	expect_reject("B605", "import os\nfor line in os.popen(f'ls {d}'):\n    pass\n",
		      "os.popen(cmd).read()");
	expect_reject("B605", "import os\nos.popen2(f'ls {d}')\n", "not this call");
}

/* --- B307 ------------------------------------------------------------------- */

static const char eval_module[] =
	"import sys\n"
	"\n"
	"\n"
	"def main():\n"
	"    print(eval(sys.argv[1]))\n";

static void b307_helper(void **state)
{
	tree t;
	outcome o;

	(void)state;
	tree_new(&t);
	tree_add(&t, "app.py", eval_module);
	run_fixer(&o, &t, "B307");
	assert_int_equal(o.rc, 0);
	assert_string_equal(o.plan.subject, "Replace eval with an arithmetic parser in app.py (B307)");

	/* Imports in alphabetical place, the helper before the first
	 * definition with two blank lines on each side, the call renamed. */
	assert_non_null(strstr(o.text, "import ast\nimport operator\nimport sys\n\n\n_ARITHMETIC_OPERATORS = {\n"));
	assert_non_null(strstr(o.text, "\n\n\ndef safe_arithmetic(expr):\n"));
	assert_non_null(strstr(o.text, "from None\n\n\ndef main():\n    print(safe_arithmetic(sys.argv[1]))\n"));
	/* Without Flask the helper raises ValueError. */
	assert_null(strstr(o.text, "BadRequest"));
	assert_non_null(strstr(o.text, "raise ValueError(\"the power is too large\")"));
	assert_non_null(strstr(o.plan.change, "ast.literal_eval"));
	outcome_free(&o);
	tree_free(&t);
}

static void b307_flask_bad_request(void **state)
{
	tree t;
	outcome o;

	(void)state;
	tree_new(&t);
	tree_add(&t, "app.py",
		 "from flask import Flask, request\n"
		 "\n"
		 "app = Flask(__name__)\n"
		 "\n"
		 "\n"
		 "@app.route(\"/calculate\")\n"
		 "def calculate():\n"
		 "    return str(eval(request.args[\"expr\"]))\n");
	run_fixer(&o, &t, "B307");
	assert_int_equal(o.rc, 0);
	assert_non_null(strstr(o.text, "import ast\nimport operator\nfrom flask import Flask, request\nfrom werkzeug.exceptions import BadRequest\n\napp = Flask(__name__)\n\n\n_ARITHMETIC"));
	assert_non_null(strstr(o.text, "raise BadRequest(\"the expression is nested too deeply\")"));
	assert_null(strstr(o.text, "ValueError("));
	assert_non_null(strstr(o.text, "return str(safe_arithmetic(request.args[\"expr\"]))\n"));
	outcome_free(&o);
	tree_free(&t);
}

static void b307_reanalysis(void **state)
{
	(void)state;
	expect_clean("B307", eval_module);
	/* A second eval reuses the helper the first fix added. */
	expect_clean("B307", "import sys\nx = eval(sys.argv[1])\ny = eval(sys.argv[2])\n");
}

/* Runs the helper with Python when it is installed: Python's results,
 * and rejections that come back at once. */
static void b307_python_behaviour(void **state)
{
	tree t;
	outcome o;
	char command[512];
	FILE *p;
	char line[256];
	static const char driver[] =
		"import time\n"
		"from app import safe_arithmetic\n"
		"print(safe_arithmetic('2*3'), safe_arithmetic('7/2'), safe_arithmetic(' -(2+1)**2 // 4 % 5'))\n"
		"start = time.time()\n"
		"for text in ['2**10**10', \"__import__('os').getcwd()\", 'x', '1 < 2', '\\'a\\' * 3',\n"
		"             '-' * 40 + '1', '1' * 300, '1/0', '9**9**9']:\n"
		"    try:\n"
		"        safe_arithmetic(text)\n"
		"        print('accepted', text)\n"
		"    except ValueError:\n"
		"        pass\n"
		"print('fast' if time.time() - start < 2 else 'slow')\n";

	(void)state;
	if (access("/usr/bin/python3", X_OK) != 0)
		skip();
	tree_new(&t);
	tree_add(&t, "app.py", "def calc(text):\n    return eval(text)\n");
	run_fixer(&o, &t, "B307");
	assert_int_equal(o.rc, 0);
	tree_add(&t, "app.py", o.text);
	tree_add(&t, "driver.py", driver);
	snprintf(command, sizeof(command), "cd %s && /usr/bin/python3 -B driver.py 2>&1", t.root);
	p = popen(command, "r");
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof(line), p));
	assert_string_equal(line, "6 3.5 2\n");
	assert_non_null(fgets(line, sizeof(line), p));
	assert_string_equal(line, "fast\n");
	assert_null(fgets(line, sizeof(line), p));
	assert_int_equal(pclose(p), 0);
	outcome_free(&o);
	tree_free(&t);
}

static void b307_rejects(void **state)
{
	(void)state;
	expect_reject("B307", "x = eval(text, {}, {})\n", "globals or locals");
	expect_reject("B307", "safe_arithmetic = 1\nx = eval(text)\n", "names the replacement needs");
}

/* --- B105 / B106 / B107 ----------------------------------------------------- */

static const char unused_password[] =
	"import os\n"
	"\n"
	"app = make_app()\n"
	"\n"
	"# Left over from a login that was never wired up.\n"
	"# Nobody uses it.\n"
	"PASSWORD = \"SuperSecret123!\"\n"
	"\n"
	"\n"
	"def index():\n"
	"    return \"ok\"\n";

static void b105_remove_unused(void **state)
{
	(void)state;
	expect_fix("B105", unused_password,
		   "import os\n"
		   "\n"
		   "app = make_app()\n"
		   "\n"
		   "\n"
		   "def index():\n"
		   "    return \"ok\"\n",
		   "Remove the unused hard-coded PASSWORD from app.py (B105)");
	expect_clean("B105", unused_password);
}

static void b105_environment_when_read(void **state)
{
	(void)state;
	expect_fix("B105",
		   "\"\"\"Doc.\"\"\"\n"
		   "db_password = 'hunter2'\n"
		   "connect(db_password)\n",
		   "\"\"\"Doc.\"\"\"\n"
		   "import os\n"
		   "\n"
		   "db_password = os.environ[\"DB_PASSWORD\"]\n"
		   "connect(db_password)\n",
		   "Read db_password from the environment in app.py (B105)");
}

static void b105_mentioned_elsewhere(void **state)
{
	tree t;
	outcome o;

	(void)state;
	/* Another file of the tree names it: keep it, from the environment. */
	tree_new(&t);
	tree_add(&t, "app.py", unused_password);
	tree_add(&t, "Dockerfile", "FROM python:3.12\nENV PASSWORD=x\n");
	run_fixer(&o, &t, "B105");
	assert_int_equal(o.rc, 0);
	assert_non_null(strstr(o.text, "PASSWORD = os.environ[\"PASSWORD\"]\n"));
	assert_non_null(strstr(o.plan.change, "Compose secret"));
	outcome_free(&o);
	tree_free(&t);

	/* A string in another .py file counts too. */
	tree_new(&t);
	tree_add(&t, "app.py", unused_password);
	tree_add(&t, "other.py", "import app\nvalue = getattr(app, \"PASSWORD\")\n");
	run_fixer(&o, &t, "B105");
	assert_int_equal(o.rc, 0);
	assert_non_null(strstr(o.text, "os.environ[\"PASSWORD\"]"));
	outcome_free(&o);
	tree_free(&t);
}

static void b105_rejects(void **state)
{
	(void)state;
	expect_reject("B105", "config = {\"password\": \"hunter2\"}\n", "dictionary");
	expect_reject("B105", "if password == \"hunter2\":\n    pass\n", "compared");
}

static void b106_funcarg(void **state)
{
	static const char input[] =
		"import os\n"
		"db = connect(user=\"app\", db_password=\"hunter2\")\n";

	(void)state;
	expect_fix("B106", input,
		   "import os\n"
		   "db = connect(user=\"app\", db_password=os.environ[\"DB_PASSWORD\"])\n",
		   "Read the db_password argument from the environment in app.py (B106)");
	expect_clean("B106", input);
}

static void b107_manual(void **state)
{
	(void)state;
	expect_reject("B107", "def login(user, password=\"hunter2\"):\n    pass\n",
		      "interface");
}

/* --- B104 / RP401 / B201 ---------------------------------------------------- */

static void b104_with_dockerfile(void **state)
{
	tree t;
	outcome o;
	const fix_file *docker;

	(void)state;
	tree_new(&t);
	tree_add(&t, "app.py",
		 "from flask import Flask\n"
		 "app = Flask(__name__)\n"
		 "app.run(host=\"0.0.0.0\", port=5000)\n");
	tree_add(&t, "Dockerfile",
		 "FROM python:3.12-slim\n"
		 "COPY . /app\n"
		 "ENTRYPOINT [\"python\"]\n"
		 "CMD [\"/app/app.py\"]\n");
	run_fixer(&o, &t, "B104");
	assert_int_equal(o.rc, 0);
	assert_string_equal(o.text,
			    "import os\n"
			    "from flask import Flask\n"
			    "app = Flask(__name__)\n"
			    "app.run(host=os.environ.get(\"BIND_ADDRESS\", \"127.0.0.1\"), port=5000)\n");
	docker = fix_get_file(&o.plan, "Dockerfile");
	assert_non_null(docker);
	assert_string_equal(docker->content,
			    "FROM python:3.12-slim\n"
			    "COPY . /app\n"
			    "ENV BIND_ADDRESS=0.0.0.0\n"
			    "ENTRYPOINT [\"python\"]\n"
			    "CMD [\"/app/app.py\"]\n");
	assert_string_equal(o.plan.subject,
			    "Read the bind address from the environment in app.py (B104)");
	assert_non_null(strstr(o.plan.change, "ENV BIND_ADDRESS=0.0.0.0"));
	outcome_free(&o);
	tree_free(&t);
}

static void b104_dockerfile_runs_other(void **state)
{
	tree t;
	outcome o;

	(void)state;
	tree_new(&t);
	tree_add(&t, "app.py", "import os\nHOST = '0.0.0.0'\n");
	tree_add(&t, "Dockerfile", "FROM python:3.12-slim\nCMD [\"python\", \"server.py\"]\n");
	run_fixer(&o, &t, "B104");
	assert_int_equal(o.rc, 0);
	assert_string_equal(o.text, "import os\nHOST = os.environ.get(\"BIND_ADDRESS\", \"127.0.0.1\")\n");
	assert_null(fix_get_file(&o.plan, "Dockerfile"));
	outcome_free(&o);
	tree_free(&t);

	expect_clean("B104", "import os\nHOST = '0.0.0.0'\n");
	expect_reject("B104", "if host == '0.0.0.0':\n    pass\n", "not passed to a call");
	/* Text that only mentions the address is not a bind address. */
	expect_reject("B104", "print('0.0.0.0')\n", "not passed to a call");
	expect_reject("B104", "x = '0.0.0.0'\n", "not passed to a call");
	expect_reject("B104", "log(label='0.0.0.0')\n", "not passed to a call");
}

static void rp401_forms(void **state)
{
	(void)state;
	expect_fix("RP401",
		   "import socket\n"
		   "s = socket.socket()\n"
		   "s.bind((\"\", 8080))\n",
		   "import os\n"
		   "import socket\n"
		   "s = socket.socket()\n"
		   "s.bind((os.environ.get(\"BIND_ADDRESS\", \"127.0.0.1\"), 8080))\n",
		   NULL);
	expect_fix("RP401",
		   "serve(host=\"::\")\n",
		   "import os\n"
		   "\n"
		   "serve(host=os.environ.get(\"BIND_ADDRESS\", \"::1\"))\n",
		   NULL);
	expect_clean("RP401", "import socket\ns = socket.socket()\ns.bind(('', 8080))\n");
}

static void b201_debug(void **state)
{
	static const char input[] =
		"from flask import Flask\n"
		"app = Flask(__name__)\n"
		"app.run(debug=True)  # local runs\n";

	(void)state;
	expect_fix("B201", input,
		   "from flask import Flask\n"
		   "app = Flask(__name__)\n"
		   "app.run(debug=False)  # local runs\n",
		   "Turn off Flask debug mode in app.py (B201)");
	expect_clean("B201", input);
}

/* --- the sample service ----------------------------------------------------- */

/*
 * Fixes the sample the way the pipeline does (highest severity first,
 * then by line) and compares the result with the reviewed expected file.
 */
static void sample_chain(void **state)
{
	tree t;
	char *text = read_file(SAMPLE "app.py");
	char *expected = read_file(SAMPLE "app.fixed.py");
	char *docker = read_file(SAMPLE "Dockerfile");
	char tried[16][32];
	size_t tried_count = 0;

	(void)state;
	tree_new(&t);
	tree_add(&t, "app.py", text);
	tree_add(&t, "Dockerfile", docker);
	for (int round = 0; round < 16; round++) {
		scan_result scan;
		const finding *pick = NULL;
		outcome o;
		char key[32];

		scan_text(&scan, "app.py", text);
		for (int sev = LEVEL_HIGH; sev >= LEVEL_LOW && !pick; sev--) {
			for (size_t i = 0; i < scan.findings.count && !pick; i++) {
				const finding *f = &scan.findings.items[i];
				bool seen = false;

				snprintf(key, sizeof(key), "%s:%d", f->rule->id, f->line);
				for (size_t k = 0; k < tried_count; k++)
					if (strcmp(tried[k], key) == 0)
						seen = true;
				if ((int)f->severity == sev && !seen && python_fixer(f->rule->id))
					pick = f;
			}
		}
		if (!pick) {
			scan_result_free(&scan);
			break;
		}
		snprintf(tried[tried_count++], sizeof(tried[0]), "%s:%d", pick->rule->id,
			 pick->line);
		{
			char rule_id[16];

			snprintf(rule_id, sizeof(rule_id), "%s", pick->rule->id);
			scan_result_free(&scan);
			run_fixer(&o, &t, rule_id);
		}
		assert_int_equal(o.rc, 0);
		free(text);
		text = strdup(o.text);
		tree_add(&t, "app.py", text);
		outcome_free(&o);
	}
	assert_string_equal(text, expected);
	free(text);
	free(expected);
	free(docker);
	tree_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(b602_fstring_route),
		cmocka_unit_test(b602_route_without_jsonify),
		cmocka_unit_test(b602_concat_outside_route),
		cmocka_unit_test(b602_plain_and_format_spec),
		cmocka_unit_test(b602_reanalysis),
		cmocka_unit_test(b602_rejects),
		cmocka_unit_test(b604_other_callee),
		cmocka_unit_test(b605_system),
		cmocka_unit_test(b605_popen_read),
		cmocka_unit_test(b307_helper),
		cmocka_unit_test(b307_flask_bad_request),
		cmocka_unit_test(b307_reanalysis),
		cmocka_unit_test(b307_python_behaviour),
		cmocka_unit_test(b307_rejects),
		cmocka_unit_test(b105_remove_unused),
		cmocka_unit_test(b105_environment_when_read),
		cmocka_unit_test(b105_mentioned_elsewhere),
		cmocka_unit_test(b105_rejects),
		cmocka_unit_test(b106_funcarg),
		cmocka_unit_test(b107_manual),
		cmocka_unit_test(b104_with_dockerfile),
		cmocka_unit_test(b104_dockerfile_runs_other),
		cmocka_unit_test(rp401_forms),
		cmocka_unit_test(b201_debug),
		cmocka_unit_test(sample_chain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
