/*
 * The architecture section of the report: the Compose file of a commit,
 * read from the repository and loaded with the Compose model
 * (analyzers/compose/compose.h), drawn as a Mermaid flowchart and a
 * table, and the comparison of two commits in words.
 *
 * Shown per service: what it runs, its user (Compose `user`, else the
 * last USER of the final stage of the Dockerfile it builds, else the
 * image's default), whether its root filesystem is read-only, its
 * published ports with the host address they are bound to, and its
 * networks.  Published ports are drawn from one of two sources: ports on
 * a loopback address are reachable from processes on the host only,
 * every other port from any network the host is on.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose/compose.h"
#include "dockerfile/dockerfile.h"
#include "error.h"
#include "report_internal.h"
#include "writers/md_out.h"

static const char *const compose_names[] = {
	"docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml",
};

bool report_is_loopback(const char *host_ip)
{
	return host_ip && (strncmp(host_ip, "127.", 4) == 0 ||
			   strcmp(host_ip, "::1") == 0 ||
			   strcmp(host_ip, "[::1]") == 0 ||
			   strcasecmp(host_ip, "localhost") == 0);
}

/* --- loading -------------------------------------------------------------- */

static void add_string(char ***list, size_t *count, const char *text)
{
	for (size_t i = 0; i < *count; i++)
		if (strcmp((*list)[i], text) == 0)
			return;
	*list = rm_xrealloc(*list, (*count + 1) * sizeof(char *));
	(*list)[(*count)++] = rm_xstrdup(text);
}

/* Joins a build context and a Dockerfile name into a path relative to the
 * tree, or returns NULL for contexts outside it (URLs, absolute paths). */
static char *dockerfile_path(const char *context, const char *file)
{
	char *joined;

	if (strstr(context, "://") || context[0] == '/' || strstr(context, "..") ||
	    file[0] == '/' || strstr(file, ".."))
		return NULL;
	while (context[0] == '.' && (context[1] == '/' || context[1] == '\0'))
		context += context[1] ? 2 : 1;
	while (file[0] == '.' && file[1] == '/')
		file += 2;
	if (!*context)
		return rm_xstrdup(file);
	joined = rm_xasprintf("%s/%s", context, file);
	if (joined[strlen(context) - 1] == '/')
		memmove(joined + strlen(context), joined + strlen(context) + 1,
			strlen(joined + strlen(context) + 1) + 1);
	return joined;
}

/* Sets the user of a built service from the last USER of the final
 * stage of its Dockerfile at `rev`, when there is one.
 * NOTE: a USER in an earlier stage that the final stage builds on
 * (FROM <stage>) is not followed, so the image default is shown then. */
static void user_from_dockerfile(arch_service *svc, audit_repo *repo,
				 const char *rev, const char *path)
{
	char *text = NULL;
	size_t len;
	source *src;
	df_file *df = NULL;
	const df_stage *stage;

	if (audit_read_file(&text, &len, repo, rev, path) < 0)
		return;
	src = source_from_bytes(path, text, len);
	free(text);
	if (df_parse(&df, src) == RM_OK && (stage = df_final_stage(df))) {
		for (size_t i = stage->from; i < stage->end; i++) {
			const df_instruction *ins = &df->instructions[i];
			if (strcmp(ins->keyword, "USER") == 0 && ins->operands &&
			    *ins->operands) {
				free(svc->user);
				svc->user = rm_xstrdup(ins->operands);
				svc->user_from = "Dockerfile";
			}
		}
	}
	df_file_free(df);
	source_free(src);
}

static void load_service(arch_model *m, const compose_service *cs,
			 audit_repo *repo, const char *rev)
{
	arch_service *svc;

	m->services = rm_xrealloc(m->services, (m->service_count + 1) *
					       sizeof(arch_service));
	svc = &m->services[m->service_count++];
	memset(svc, 0, sizeof(*svc));
	svc->name = rm_xstrdup(cs->name);

	if (cs->image && cs->image->kind == COMPOSE_SCALAR) {
		svc->origin = rm_xasprintf("image %s", cs->image->text);
	} else if (cs->build) {
		const char *context = ".", *file = "Dockerfile";
		char *path;

		if (cs->build->kind == COMPOSE_SCALAR) {
			context = cs->build->text;
		} else {
			const compose_node *c = compose_get(cs->build, "context");
			const compose_node *f = compose_get(cs->build, "dockerfile");
			if (c && c->kind == COMPOSE_SCALAR)
				context = c->text;
			if (f && f->kind == COMPOSE_SCALAR)
				file = f->text;
		}
		svc->origin = rm_xasprintf("built from %s", context);
		path = dockerfile_path(context, file);
		if (path)
			user_from_dockerfile(svc, repo, rev, path);
		free(path);
	} else {
		svc->origin = rm_xstrdup("no image or build given");
	}
	if (cs->user && cs->user->kind == COMPOSE_SCALAR && *cs->user->text) {
		free(svc->user);
		svc->user = rm_xstrdup(cs->user->text);
		svc->user_from = "compose";
	}
	svc->read_only = compose_bool(cs->read_only) == 1;

	for (size_t i = 0; i < cs->port_count; i++) {
		const compose_port *p = &cs->ports[i];
		arch_port *ap;

		svc->ports = rm_xrealloc(svc->ports, (svc->port_count + 1) *
						     sizeof(arch_port));
		ap = &svc->ports[svc->port_count++];
		ap->host_ip = p->host_ip && *p->host_ip ? rm_xstrdup(p->host_ip) : NULL;
		ap->published = p->published ? rm_xstrdup(p->published) : NULL;
		ap->target = rm_xstrdup(p->target ? p->target : "?");
		ap->protocol = p->protocol ? rm_xstrdup(p->protocol) : NULL;
	}

	if (cs->network_mode && cs->network_mode->kind == COMPOSE_SCALAR)
		svc->network_mode = rm_xstrdup(cs->network_mode->text);
	if (cs->networks && cs->networks->kind == COMPOSE_SEQUENCE) {
		for (size_t i = 0; i < cs->networks->item_count; i++)
			if (cs->networks->items[i]->kind == COMPOSE_SCALAR)
				add_string(&svc->networks, &svc->network_count,
					   cs->networks->items[i]->text);
	} else if (cs->networks && cs->networks->kind == COMPOSE_MAPPING) {
		for (size_t i = 0; i < cs->networks->pair_count; i++)
			add_string(&svc->networks, &svc->network_count,
				   cs->networks->pairs[i].key->text);
	}
	if (svc->network_count == 0 && !svc->network_mode)
		add_string(&svc->networks, &svc->network_count, "default");
}

static arch_network *find_network(arch_model *m, const char *name)
{
	for (size_t i = 0; i < m->network_count; i++)
		if (strcmp(m->networks[i].name, name) == 0)
			return &m->networks[i];
	return NULL;
}

static void add_network(arch_model *m, const char *name, bool internal)
{
	arch_network *n;

	if (find_network(m, name))
		return;
	m->networks = rm_xrealloc(m->networks, (m->network_count + 1) *
					       sizeof(arch_network));
	n = &m->networks[m->network_count++];
	n->name = rm_xstrdup(name);
	n->internal = internal;
}

int report_arch_load(arch_model *out, audit_repo *repo, const char *rev)
{
	compose_file *cf = NULL;
	source *src = NULL;
	size_t len = 0;
	int error = RM_ENOTFOUND;

	memset(out, 0, sizeof(*out));
	out->rev = rm_xstrdup(rev);
	for (size_t i = 0; i < sizeof(compose_names) / sizeof(compose_names[0]); i++) {
		error = audit_read_file(&out->text, &len, repo, rev, compose_names[i]);
		if (error == RM_OK) {
			out->path = rm_xstrdup(compose_names[i]);
			break;
		}
		if (error != RM_ENOTFOUND)
			return error;
	}
	if (!out->path)
		return RM_OK;

	src = source_from_bytes(out->path, out->text, len);
	if (compose_load(&cf, src) < 0) {
		out->error = rm_xstrdup(rm_error_last());
		goto done;
	}
	if (cf->networks && cf->networks->kind == COMPOSE_MAPPING) {
		for (size_t i = 0; i < cf->networks->pair_count; i++) {
			const compose_pair *p = &cf->networks->pairs[i];
			add_network(out, p->key->text,
				    compose_bool(compose_get(p->value, "internal")) == 1);
		}
	}
	for (size_t i = 0; i < cf->service_count; i++) {
		load_service(out, &cf->services[i], repo, rev);
		for (size_t k = 0; k < out->services[i].network_count; k++)
			add_network(out, out->services[i].networks[k], false);
	}
done:
	compose_free(cf);
	source_free(src);
	rm_error_clear();
	return RM_OK;
}

void report_arch_free(arch_model *m)
{
	for (size_t i = 0; i < m->service_count; i++) {
		arch_service *s = &m->services[i];
		free(s->name);
		free(s->origin);
		free(s->user);
		for (size_t k = 0; k < s->port_count; k++) {
			free(s->ports[k].host_ip);
			free(s->ports[k].published);
			free(s->ports[k].target);
			free(s->ports[k].protocol);
		}
		free(s->ports);
		for (size_t k = 0; k < s->network_count; k++)
			free(s->networks[k]);
		free(s->networks);
		free(s->network_mode);
	}
	free(m->services);
	for (size_t i = 0; i < m->network_count; i++)
		free(m->networks[i].name);
	free(m->networks);
	free(m->rev);
	free(m->path);
	free(m->text);
	free(m->error);
	memset(m, 0, sizeof(*m));
}

/* --- drawing -------------------------------------------------------------- */

/* Returns "HOST:PUBLISHED → TARGET[/PROTO]" as a new string. */
static char *port_label(const arch_port *p)
{
	const char *host = p->host_ip ? p->host_ip : "0.0.0.0";
	bool v6 = strchr(host, ':') && host[0] != '[';

	return rm_xasprintf("%s%s%s:%s → %s%s%s", v6 ? "[" : "", host,
			    v6 ? "]" : "", p->published ? p->published : "random",
			    p->target,
			    p->protocol && strcasecmp(p->protocol, "tcp") ? "/" : "",
			    p->protocol && strcasecmp(p->protocol, "tcp") ? p->protocol : "");
}

static const char *user_text(const arch_service *s)
{
	return s->user ? s->user : "image default";
}

/* Writes text inside a quoted Mermaid label: characters that Mermaid or
 * its HTML labels would read are written as Mermaid entity codes. */
static void mermaid_text(FILE *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '"': fputs("#quot;", out); break;
		case '#': fputs("#35;", out); break;
		case '<': fputs("#lt;", out); break;
		case '>': fputs("#gt;", out); break;
		case '&': fputs("#amp;", out); break;
		case '`': fputs("#96;", out); break;
		case '\n': case '\r': case '\t': fputc(' ', out); break;
		default: fputc(*p, out);
		}
	}
}

static void write_mermaid(FILE *out, const arch_model *m)
{
	bool any_outside = false, any_local = false;

	for (size_t i = 0; i < m->service_count; i++)
		for (size_t k = 0; k < m->services[i].port_count; k++) {
			if (report_is_loopback(m->services[i].ports[k].host_ip))
				any_local = true;
			else
				any_outside = true;
		}

	fputs("```mermaid\nflowchart LR\n", out);
	if (any_outside)
		fputs("    outside([\"Any network the host is on\"])\n", out);
	if (any_local)
		fputs("    local([\"Processes on the host only\"])\n", out);
	for (size_t i = 0; i < m->service_count; i++) {
		const arch_service *s = &m->services[i];

		fprintf(out, "    s%zu[\"<b>", i);
		mermaid_text(out, s->name);
		fputs("</b><br/>", out);
		mermaid_text(out, s->origin);
		fputs("<br/>user: ", out);
		mermaid_text(out, user_text(s));
		fprintf(out, "<br/>root filesystem: %s\"]\n",
			s->read_only ? "read-only" : "writable");
	}
	for (size_t i = 0; i < m->network_count; i++) {
		fprintf(out, "    n%zu{{\"network ", i);
		mermaid_text(out, m->networks[i].name);
		fprintf(out, "%s\"}}\n", m->networks[i].internal ? "<br/>internal" : "");
	}
	for (size_t i = 0; i < m->service_count; i++) {
		const arch_service *s = &m->services[i];

		for (size_t k = 0; k < s->port_count; k++) {
			char *label = port_label(&s->ports[k]);
			fprintf(out, "    %s -->|\"",
				report_is_loopback(s->ports[k].host_ip) ? "local" : "outside");
			mermaid_text(out, label);
			fprintf(out, "\"| s%zu\n", i);
			free(label);
		}
		for (size_t k = 0; k < s->network_count; k++)
			for (size_t n = 0; n < m->network_count; n++)
				if (strcmp(m->networks[n].name, s->networks[k]) == 0)
					fprintf(out, "    s%zu --- n%zu\n", i, n);
	}
	fputs("```\n\n", out);
}

static void write_table(FILE *out, const arch_model *m)
{
	fputs("| Service | Runs | User | Root filesystem | Published ports | Networks |\n"
	      "| --- | --- | --- | --- | --- | --- |\n", out);
	for (size_t i = 0; i < m->service_count; i++) {
		const arch_service *s = &m->services[i];

		fputs("| ", out);
		md_put_str(out, s->name, MD_TABLE);
		fputs(" | ", out);
		md_put_str(out, s->origin, MD_TABLE);
		fputs(" | ", out);
		md_put_str(out, user_text(s), MD_TABLE);
		if (s->user_from)
			fprintf(out, " (from %s)", s->user_from);
		fprintf(out, " | %s | ", s->read_only ? "read-only" : "writable");
		for (size_t k = 0; k < s->port_count; k++) {
			char *label = port_label(&s->ports[k]);
			if (k)
				fputs(", ", out);
			md_put_code_str(out, label, MD_TABLE);
			free(label);
		}
		if (s->port_count == 0)
			fputs("none", out);
		fputs(" | ", out);
		if (s->network_mode) {
			fputs("network_mode ", out);
			md_put_code_str(out, s->network_mode, MD_TABLE);
		}
		for (size_t k = 0; k < s->network_count; k++) {
			const char *name = s->networks[k];
			arch_network *n = find_network((arch_model *)m, name);
			if (k || s->network_mode)
				fputs(", ", out);
			md_put_str(out, name, MD_TABLE);
			if (n && n->internal)
				fputs(" (internal)", out);
		}
		fputs(" |\n", out);
	}
	fputc('\n', out);
}

void report_arch_write(FILE *out, const arch_model *m)
{
	if (!m->path) {
		fprintf(out, "Commit `%s` has no Compose file (looked for `docker-compose.yml`, `docker-compose.yaml`, `compose.yml` and `compose.yaml`).\n\n",
			m->rev);
		return;
	}
	if (m->error) {
		fprintf(out, "The Compose file `%s` of commit `%s` could not be loaded: ",
			m->path, m->rev);
		md_put_str(out, m->error, 0);
		fputs("\n\n", out);
		return;
	}
	if (m->service_count == 0) {
		fprintf(out, "The Compose file `%s` of commit `%s` defines no service.\n\n",
			m->path, m->rev);
		return;
	}
	write_mermaid(out, m);
	write_table(out, m);
}

/* --- comparing ------------------------------------------------------------ */

static const arch_service *find_service(const arch_model *m, const char *name)
{
	for (size_t i = 0; i < m->service_count; i++)
		if (strcmp(m->services[i].name, name) == 0)
			return &m->services[i];
	return NULL;
}

static bool is_root_user(const char *user)
{
	return !user || strcmp(user, "root") == 0 || strcmp(user, "0") == 0 ||
	       strncmp(user, "root:", 5) == 0 || strncmp(user, "0:", 2) == 0;
}

static bool has_open_port(const arch_service *s)
{
	for (size_t k = 0; k < s->port_count; k++)
		if (!report_is_loopback(s->ports[k].host_ip))
			return true;
	return false;
}

/* A growing "; "-separated list of clauses. */
typedef struct clause_list {
	char *text;
	size_t count;
} clause_list;

static void clause_add(clause_list *list, char *clause)
{
	char *joined = rm_xasprintf("%s%s%s", list->text ? list->text : "",
				    list->count ? "; " : "", clause);
	free(list->text);
	free(clause);
	list->text = joined;
	list->count++;
}

void report_arch_compare(FILE *out, const arch_model *before,
			 const arch_model *after)
{
	clause_list removed = { 0 }, added = { 0 };

	if (!before->path || !after->path || before->error || after->error) {
		fputs("The two architectures cannot be compared because one of the Compose files is missing or invalid.\n\n",
		      out);
		return;
	}
	if (strcmp(before->text, after->text) == 0) {
		fputs("The Compose file is the same at both commits, so the hardening did not change the architecture.\n\n",
		      out);
		return;
	}

	for (size_t i = 0; i < before->service_count; i++) {
		const arch_service *b = &before->services[i];
		const arch_service *a = find_service(after, b->name);

		if (!a) {
			clause_add(&removed, rm_xasprintf("the service `%s`", b->name));
			continue;
		}
		for (size_t k = 0; k < b->port_count; k++) {
			const arch_port *p = &b->ports[k];
			bool still = false;

			if (report_is_loopback(p->host_ip))
				continue;
			for (size_t j = 0; j < a->port_count; j++)
				if (!report_is_loopback(a->ports[j].host_ip) &&
				    strcmp(a->ports[j].target, p->target) == 0)
					still = true;
			if (!still) {
				char *label = port_label(p);
				clause_add(&removed, rm_xasprintf("the port `%s` of `%s` that any network could reach",
								  label, b->name));
				free(label);
			}
		}
		if (!b->read_only && a->read_only)
			clause_add(&removed, rm_xasprintf("write access to the root filesystem of `%s`",
							  b->name));
		if (is_root_user(b->user) && !is_root_user(a->user))
			clause_add(&removed, rm_xasprintf("%s as the user of `%s` (now `%s`)",
							  b->user ? "root" : "the image's default user, root unless the image says otherwise,",
							  b->name, a->user));
	}
	for (size_t i = 0; i < before->network_count; i++) {
		const arch_network *b = &before->networks[i];
		for (size_t k = 0; k < after->network_count; k++)
			if (strcmp(after->networks[k].name, b->name) == 0 &&
			    !b->internal && after->networks[k].internal)
				clause_add(&removed, rm_xasprintf("the route out of the host from network `%s` (now internal)",
								  b->name));
	}

	for (size_t i = 0; i < after->service_count; i++) {
		const arch_service *a = &after->services[i];
		const arch_service *b = find_service(before, a->name);

		if (!b)
			clause_add(&added, rm_xasprintf("the service `%s` (%s%s)", a->name,
							a->origin, has_open_port(a) ? ", reachable from any network" : ""));
		else if (has_open_port(a) && !has_open_port(b))
			clause_add(&added, rm_xasprintf("a port of `%s` that any network can reach",
							a->name));
	}

	/* Names come from the Compose files: escaped, backtick spans kept. */
	if (removed.count) {
		fputs("Compared with the baseline, the hardened architecture removes from the attack surface: ",
		      out);
		md_put_str(out, removed.text, MD_KEEP_CODE);
		fputc('.', out);
	} else
		fputs("The Compose changes do not remove anything from the attack surface shown here (ports open to any network, root users, writable root filesystems, networks with a route out).",
		      out);
	if (added.count) {
		fputs(" It adds ", out);
		md_put_str(out, added.text, MD_KEEP_CODE);
		fputc('.', out);
	}
	fputs("\n\n", out);
	free(removed.text);
	free(added.text);
}
