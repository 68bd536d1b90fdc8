/*
 * The Compose fixers (RC2xx): each turns one finding into an edit of the
 * Compose file's text, made by byte ranges so comments and layout stay.
 *
 * Settings that only limit what a service may use (published address,
 * memory, CPU, processes, no-new-privileges, secrets) are applied to
 * every service.  Settings that take away what a program may do
 * (read-only root, dropped capabilities) are applied only to services
 * built from this repository, whose needs the tree shows.  For an image
 * from a registry they are returned as manual work with the reason.
 * Privileged mode, the Docker socket and host namespaces are never
 * removed automatically, because the service may depend on them.
 *
 * RC214 (secrets) lives in compose_secrets.c, the healthcheck (RC215) in
 * compose_health.c.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fixers/fix_compose.h"
#include "fixers/fix_compose_util.h"
#include "fixers/fixers.h"

/* The Compose file and the service a finding belongs to. */
typedef struct service_fix {
	fix_compose_doc doc;
	const compose_service *svc;
	const finding *f;
	char *image;             /* image name without registry and tag */
} service_fix;

/* Adds `count` new keys to the service's mapping, at the column its
 * other keys use. */
static int add_to_service(service_fix *sf, const fix_compose_entry *entries,
			  size_t count)
{
	return fix_compose_add_entries(&sf->doc, sf->svc->body,
				       fix_compose_key_column(&sf->doc, sf->svc),
				       entries, count);
}

static int open_service(service_fix *sf, const fix_context *ctx)
{
	int error;

	memset(sf, 0, sizeof(*sf));
	sf->f = ctx->finding;
	if ((error = fix_compose_doc_open(&sf->doc, ctx->src)) < 0)
		return error;
	sf->svc = fix_compose_service_of(sf->doc.file, ctx->finding);
	if (!sf->svc) {
		rm_error_set("cannot find the service of the %s finding at '%s' line %d: the file changed since the scan",
			     ctx->finding->rule->id, ctx->finding->path,
			     ctx->finding->line);
		return RM_ENOTFOUND;
	}
	sf->image = fix_compose_image_name(sf->svc);
	return RM_OK;
}

static void close_service(service_fix *sf)
{
	fix_compose_doc_free(&sf->doc);
	free(sf->image);
}

static bool is_postgres(const service_fix *sf)
{
	return sf->image && strcmp(sf->image, "postgres") == 0;
}

/* True when the node is written in the service's own block. */
static bool in_service(const service_fix *sf, const compose_node *node)
{
	return fix_compose_node_within(node, sf->svc->body->start,
				       sf->svc->body->end);
}

static int reject_shared(const service_fix *sf, const compose_node *node,
			 const char *key)
{
	rm_error_set("'%s' of service '%s' comes from an anchor or alias at line %d of '%s' that other services may share, so changing it there could change them too: set it in the service's own block",
		     key, sf->svc->name, node->line, sf->f->path);
	return RM_ENOTFOUND;
}

/* --- RC201: bind published ports to the loopback address ----------------- */

/* The short form "HOST_IP:PUBLISHED:TARGET[/PROTOCOL]" of a port bound
 * to the loopback address of the family of the old host address. */
static char *loopback_port(const compose_port *port)
{
	bool v6 = port->host_ip && strchr(port->host_ip, ':');

	return rm_xasprintf("%s:%s:%s%s%s", v6 ? "[::1]" : "127.0.0.1",
			    port->published ? port->published : "",
			    port->target ? port->target : "",
			    port->protocol ? "/" : "",
			    port->protocol ? port->protocol : "");
}

/* A long-form port whose keys the short form can express. */
static bool short_form_possible(const compose_node *item)
{
	static const char *keys[] = { "target", "published", "protocol", "host_ip" };

	for (size_t i = 0; i < item->pair_count; i++) {
		bool known = false;

		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			if (compose_text_is(item->pairs[i].key, keys[k]))
				known = true;
		if (!known)
			return false;
	}
	return compose_get(item, "target") != NULL;
}

static int plan_port(fix *out, const fix_context *ctx)
{
	service_fix sf;
	const compose_port *port = NULL;
	char *text = NULL, *written = NULL, *how = NULL;
	int error;

	if ((error = open_service(&sf, ctx)) < 0)
		goto done;
	for (size_t i = 0; i < sf.svc->port_count && !port; i++) {
		const compose_port *p = &sf.svc->ports[i];
		const compose_node *where = p->host_ip_node ? p->host_ip_node : p->node;

		if (where->start == ctx->finding->start_byte &&
		    where->end == ctx->finding->end_byte)
			port = p;
	}
	if (!port) {
		rm_error_set("cannot find the port of the RC201 finding at '%s' line %d",
			     ctx->finding->path, ctx->finding->line);
		error = RM_ENOTFOUND;
		goto done;
	}
	if (!in_service(&sf, port->node)) {
		error = reject_shared(&sf, port->node, "ports");
		goto done;
	}

	if (port->host_ip_node) {
		/* Long form with host_ip 0.0.0.0 or ::: replace the address. */
		written = rm_xstrdup(strchr(port->host_ip, ':') ? "\"::1\"" : "127.0.0.1");
		error = fix_compose_replace(&sf.doc, port->host_ip_node->start,
					    port->host_ip_node->end, written);
		how = rm_xasprintf("Its `host_ip` is now %s.", written);
	} else if (port->node->kind == COMPOSE_SCALAR ||
		   short_form_possible(port->node)) {
		/* Short form, or a long form that the short one can express:
		 * write the short form with the loopback address. */
		char quote = ctx->src->text[port->node->start];

		text = loopback_port(port);
		if (port->node->kind == COMPOSE_SCALAR && port->node->plain &&
		    !strchr(text, '['))
			written = rm_xstrdup(text);
		else if (quote == '\'' || quote == '"') {
			char saved = sf.doc.quote;

			sf.doc.quote = quote;
			written = fix_compose_quote(&sf.doc, text);
			sf.doc.quote = saved;
		} else {
			written = fix_compose_quote(&sf.doc, text);
		}
		error = fix_compose_replace(&sf.doc, port->node->start,
					    port->node->end, written);
		how = rm_xasprintf(port->node->kind == COMPOSE_SCALAR ?
				   "It is now published as %s." :
				   "It is now published as %s; the short form replaces the long one because docker-compose 1.x rejects `host_ip` in the long form.",
				   written);
	} else {
		/* A long form with keys the short form lacks (mode, name,
		 * app_protocol): add host_ip. */
		fix_compose_entry entry = { .key = "host_ip", .scalar = "127.0.0.1" };

		written = rm_xstrdup("host_ip: 127.0.0.1");
		error = fix_compose_add_entries(&sf.doc, port->node,
						compose_key_indent(port->node),
						&entry, 1);
		how = rm_xstrdup("It now has `host_ip: 127.0.0.1`. The Compose Specification (docker compose v2) reads this key; docker-compose 1.x rejects it, so that old tool needs the short form instead.");
	}
	if (error < 0 || (error = fix_compose_doc_finish(&sf.doc, out)) < 0)
		goto done;

	out->subject = rm_xasprintf("Bind port %s of %s to localhost in %s (RC201)",
				    port->published ? port->published :
				    port->target ? port->target : "",
				    sf.svc->name, ctx->finding->path);
	out->problem = rm_xasprintf(
		"Service '%s' published container port %s without a host address, so Docker listened on every interface of the host: any machine that can reach the host could connect to the service directly. Docker writes its own iptables rules for published ports, so host firewalls such as ufw do not stop that traffic.",
		sf.svc->name, port->target ? port->target : "(none)");
	out->change = rm_xasprintf(
		"%s Only clients on the host itself, such as a reverse proxy running there, can now connect. Binding to the loopback address was chosen over removing the port so the service stays reachable for local checks and for a proxy. To serve other machines, publish a reverse proxy rather than this port, or bind it to one chosen address of the host.",
		how);

done:
	free(text);
	free(written);
	free(how);
	close_service(&sf);
	return error;
}

/* --- RC202, RC203, RC204: resource limits -------------------------------- */

/*
 * Limits for one kind of service.  The values are estimates for a small
 * web service and for the official postgres image with its default
 * settings, and each commit body explains how to measure and tune them.
 */
typedef struct limit_profile {
	const char *image;         /* image name, NULL for the default */
	const char *memory, *cpus, *pids;
	const char *memory_why, *cpus_why, *pids_why;
} limit_profile;

static const limit_profile profiles[] = {
	{
		.image = "postgres",
		.memory = "512m", .cpus = "1.0", .pids = "200",
		.memory_why = "postgres with its default settings (shared_buffers 128MB, max_connections 100) needs a few hundred MB under light load, so 512m leaves headroom for the memory each connection and sort uses. A limit below shared_buffers plus the connections' memory makes the kernel kill a postgres process, after which postgres ends every session and recovers; raise the limit together with shared_buffers and max_connections.",
		.cpus_why = "One core is enough for a small application's database; a busy database needs more, and the only cost of a low value is slower queries, because the kernel throttles the container instead of stopping it.",
		.pids_why = "postgres runs one process per connection plus about ten background processes, and max_connections defaults to 100, so 200 leaves room for all of them; raise it with max_connections.",
	},
	{
		.image = NULL,
		.memory = "256m", .cpus = "0.5", .pids = "100",
		.memory_why = "A small Python web service such as a Flask application uses well under 100 MB (an estimate; measure it), so 256m leaves room for request spikes while stopping a leak long before the host runs short. When the limit is hit the kernel kills the process and `docker inspect` shows OOMKilled: true; measure the peak with `docker stats` under load and set the limit to about twice that.",
		.cpus_why = "Half a core serves a small service's requests; the only cost of a low value is slower responses under load, because the kernel throttles the container instead of stopping it. Raise it if `docker stats` shows the service pinned at 50% CPU.",
		.pids_why = "Threads count against the limit too. 100 covers a development server's thread per request or a handful of WSGI workers with their threads; when the limit is reached, fork() and thread creation fail with EAGAIN inside this container only, so requests fail instead of the host.",
	},
};

static const limit_profile *profile_for(const service_fix *sf)
{
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (!profiles[i].image ||
		    (sf->image && strcmp(sf->image, profiles[i].image) == 0))
			return &profiles[i];
	return &profiles[sizeof(profiles) / sizeof(profiles[0]) - 1];
}

/* What one limit rule writes. */
typedef struct limit_kind {
	const char *rule;
	const char *key;           /* the service-level key */
	const char *what;          /* for the subject */
	const char *noun;          /* for the problem paragraph */
} limit_kind;

static int plan_limit(fix *out, const fix_context *ctx, const limit_kind *kind)
{
	service_fix sf;
	const limit_profile *profile;
	const char *value, *why;
	const compose_node *unlimited = NULL;
	char *written = NULL;
	int error;

	if ((error = open_service(&sf, ctx)) < 0)
		goto done;
	profile = profile_for(&sf);
	if (strcmp(kind->rule, "RC202") == 0) {
		value = profile->memory;
		why = profile->memory_why;
		written = rm_xstrdup(value);
	} else if (strcmp(kind->rule, "RC203") == 0) {
		value = profile->cpus;
		why = profile->cpus_why;
		written = fix_compose_quote(&sf.doc, value);
	} else {
		value = profile->pids;
		why = profile->pids_why;
		written = rm_xstrdup(value);
	}

	/* A limit set to 0 or -1 ("unlimited") is replaced where it is. */
	if (ctx->finding->start_byte != sf.svc->key->start) {
		const compose_node *candidates[] = {
			sf.svc->mem_limit, sf.svc->deploy_memory, sf.svc->cpus,
			sf.svc->deploy_cpus, sf.svc->pids_limit, sf.svc->deploy_pids,
		};

		for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
			if (candidates[i] &&
			    candidates[i]->start == ctx->finding->start_byte &&
			    candidates[i]->end == ctx->finding->end_byte)
				unlimited = candidates[i];
	}
	if (unlimited) {
		if (!in_service(&sf, unlimited)) {
			error = reject_shared(&sf, unlimited, kind->key);
			goto done;
		}
		error = fix_compose_replace(&sf.doc, unlimited->start,
					    unlimited->end, written);
	} else {
		fix_compose_entry entry = { .key = kind->key, .scalar = written };

		error = add_to_service(&sf, &entry, 1);
	}
	if (error < 0 || (error = fix_compose_doc_finish(&sf.doc, out)) < 0)
		goto done;

	out->subject = rm_xasprintf("Limit %s of %s to %s in %s (%s)", kind->what,
				    sf.svc->name, value, ctx->finding->path,
				    kind->rule);
	out->problem = rm_xasprintf("Service '%s' had no %s. %s", sf.svc->name,
				    kind->noun, ctx->finding->rule->description);
	out->change = rm_xasprintf(
		"Service '%s' now has `%s: %s`%s. %s A limit only caps what the service may use and does not change what it may do, so it is applied to images from a registry too; it can stop a service only when the value is below what the program needs. Service-level keys are used rather than deploy.resources because docker-compose 1.x applies deploy limits only with --compatibility, while both docker-compose 1.29 and docker compose v2 apply these keys.",
		sf.svc->name, kind->key, written,
		unlimited ? " in place of the value that meant unlimited" : "",
		why);

done:
	free(written);
	close_service(&sf);
	return error;
}

static int plan_memory(fix *out, const fix_context *ctx)
{
	static const limit_kind kind = { "RC202", "mem_limit", "the memory", "memory limit" };

	return plan_limit(out, ctx, &kind);
}

static int plan_cpus(fix *out, const fix_context *ctx)
{
	static const limit_kind kind = { "RC203", "cpus", "the CPU share", "CPU limit" };

	return plan_limit(out, ctx, &kind);
}

static int plan_pids(fix *out, const fix_context *ctx)
{
	static const limit_kind kind = { "RC204", "pids_limit", "the processes",
					   "limit on the number of processes" };

	return plan_limit(out, ctx, &kind);
}

/* --- RC206: no-new-privileges --------------------------------------------- */

static int plan_no_new_privileges(fix *out, const fix_context *ctx)
{
	service_fix sf;
	const compose_node *opts;
	char *item = NULL;
	int error;

	if ((error = open_service(&sf, ctx)) < 0)
		goto done;
	opts = sf.svc->security_opt;
	item = fix_compose_quote(&sf.doc, "no-new-privileges:true");

	if (opts && opts->kind == COMPOSE_SEQUENCE) {
		const compose_node *disabled = NULL;

		for (size_t i = 0; i < opts->item_count; i++)
			if (opts->items[i]->start == ctx->finding->start_byte &&
			    opts->items[i]->end == ctx->finding->end_byte)
				disabled = opts->items[i];
		if (!in_service(&sf, disabled ? disabled : opts)) {
			error = reject_shared(&sf, opts, "security_opt");
			goto done;
		}
		if (disabled)
			error = fix_compose_replace(&sf.doc, disabled->start,
						    disabled->end, item);
		else
			error = fix_compose_append_item(&sf.doc, opts, item);
	} else {
		const char *items[] = { item };
		fix_compose_entry entry = {
			.key = "security_opt", .items = items, .item_count = 1,
		};

		error = add_to_service(&sf, &entry, 1);
	}
	if (error < 0 || (error = fix_compose_doc_finish(&sf.doc, out)) < 0)
		goto done;

	out->subject = rm_xasprintf("Set no-new-privileges for %s in %s (RC206)",
				    sf.svc->name, ctx->finding->path);
	out->problem = rm_xasprintf(
		"Service '%s' did not set no-new-privileges, so a process in the container could gain privileges by running a setuid or setgid program or one with file capabilities. An attacker with code execution as an unprivileged user could use such a program to become root in the container.",
		sf.svc->name);
	out->change = rm_xasprintf(
		"The service's security_opt now contains no-new-privileges:true, which makes the kernel ignore setuid and setgid bits and file capabilities when the container's processes execute a program. It only blocks gaining privileges, so it is applied to images from a registry too. It breaks programs that depend on a setuid binary, such as sudo, su, or ping where ping is installed setuid. %s",
		is_postgres(&sf) ?
		"The postgres image starts as root and switches to the postgres user with gosu, which gives privileges up rather than gaining them, so it keeps working." :
		"A root process that switches to another user (gosu, su-exec, setpriv) gives privileges up and keeps working.");

done:
	free(item);
	close_service(&sf);
	return error;
}

/* --- RC205, RC208: read-only root and dropped capabilities ---------------- */

/* The reason a registry image keeps its writable root and capabilities,
 * and what a person can do instead. */
static int reject_third_party(const service_fix *sf, const char *rule)
{
	const char *image = sf->svc->image && sf->svc->image->kind == COMPOSE_SCALAR ?
			    sf->svc->image->text : "(no image)";
	bool read_only = strcmp(rule, "RC205") == 0;

	if (is_postgres(sf)) {
		rm_error_set("%s is not applied to service '%s' because %s writes to /var/run/postgresql and to its data directory, and its entrypoint switches users with the capabilities SETUID, SETGID, CHOWN, DAC_OVERRIDE and FOWNER, so %s stops it from starting. Recommendation: %s",
			     rule, sf->svc->name, image,
			     read_only ? "a read-only root" : "dropping them",
			     read_only ?
			     "set `read_only: true` with `tmpfs: [/var/run/postgresql, /tmp]` and a named volume for /var/lib/postgresql/data, then check that `docker compose up` initialises and restarts the database" :
			     "set `cap_drop: [ALL]` with `cap_add: [CHOWN, DAC_OVERRIDE, FOWNER, SETGID, SETUID]` and check that the database initialises and restarts");
		return RM_ENOTFOUND;
	}
	rm_error_set("%s is not applied to service '%s' because it runs the registry image %s, whose needs this tree does not show, so %s could stop it from starting. Recommendation: %s",
		     rule, sf->svc->name, image,
		     read_only ? "a read-only root" : "dropping capabilities",
		     read_only ?
		     "set `read_only: true`, start the service, and give each path it fails to write a tmpfs or a volume" :
		     "set `cap_drop: [ALL]`, start the service, and add back with cap_add only the capabilities its errors name");
	return RM_ENOTFOUND;
}

static int plan_read_only(fix *out, const fix_context *ctx)
{
	service_fix sf;
	fix_compose_entry entries[2];
	const char *tmp_items[] = { "/tmp" };
	size_t count = 0;
	int error;

	if ((error = open_service(&sf, ctx)) < 0)
		goto done;
	if (compose_is_null(sf.svc->build)) {
		error = reject_third_party(&sf, "RC205");
		goto done;
	}
	if (!compose_is_null(sf.svc->read_only)) {
		if (!in_service(&sf, sf.svc->read_only)) {
			error = reject_shared(&sf, sf.svc->read_only, "read_only");
			goto done;
		}
		error = fix_compose_replace(&sf.doc, sf.svc->read_only->start,
					    sf.svc->read_only->end, "true");
		if (error < 0)
			goto done;
	} else {
		entries[count++] = (fix_compose_entry){ .key = "read_only",
							.scalar = "true" };
	}
	if (compose_is_null(sf.svc->tmpfs))
		entries[count++] = (fix_compose_entry){
			.key = "tmpfs", .items = tmp_items, .item_count = 1,
		};
	if (count)
		error = add_to_service(&sf, entries, count);
	if (error < 0 || (error = fix_compose_doc_finish(&sf.doc, out)) < 0)
		goto done;

	out->subject = rm_xasprintf("Make the root filesystem of %s read-only in %s (RC205)",
				    sf.svc->name, ctx->finding->path);
	out->problem = rm_xasprintf(
		"Service '%s' ran with a writable root filesystem, so an attacker who gets code execution in it, for example through a command injection, could replace the service's code, drop tools and keep changes until the container is recreated.",
		sf.svc->name);
	out->change = rm_xasprintf(
		"The service now has `read_only: true`%s. It is built from this repository, so its writes are known: the Python service writes nothing outside temporary files, and the interpreter skips writing bytecode caches it cannot write. It breaks any write outside the tmpfs paths, such as log files, uploads or an SQLite database, which fail with EROFS; give such paths a volume or another tmpfs entry. Registry images are not changed this way because their writes are not known here.",
		compose_is_null(sf.svc->tmpfs) ?
		" and a tmpfs at /tmp for temporary files, which lives in memory and is empty at every start" : "");

done:
	close_service(&sf);
	return error;
}

/* True when a container port below 1024 is published, which needs
 * NET_BIND_SERVICE once every capability is dropped. */
static bool binds_low_port(const compose_service *svc)
{
	for (size_t i = 0; i < svc->port_count; i++) {
		const char *target = svc->ports[i].target;

		if (target && atoi(target) > 0 && atoi(target) < 1024)
			return true;
	}
	return false;
}

static bool adds_capability(const compose_service *svc, const char *cap)
{
	const compose_node *add = svc->cap_add;

	for (size_t i = 0; add && add->kind == COMPOSE_SEQUENCE &&
			   i < add->item_count; i++)
		if (compose_text_is(add->items[i], cap))
			return true;
	return false;
}

static int plan_cap_drop(fix *out, const fix_context *ctx)
{
	service_fix sf;
	const char *all[] = { "ALL" };
	const char *bind[] = { "NET_BIND_SERVICE" };
	fix_compose_entry entries[2];
	size_t count = 0;
	bool add_bind;
	int error;

	if ((error = open_service(&sf, ctx)) < 0)
		goto done;
	if (compose_is_null(sf.svc->build)) {
		error = reject_third_party(&sf, "RC208");
		goto done;
	}
	add_bind = binds_low_port(sf.svc) && !adds_capability(sf.svc, "NET_BIND_SERVICE");
	if (add_bind && !compose_is_null(sf.svc->cap_add)) {
		rm_error_set("service '%s' publishes a port below 1024 and already has a cap_add list: add `cap_drop: [ALL]` by hand and NET_BIND_SERVICE to cap_add",
			     sf.svc->name);
		error = RM_ENOTFOUND;
		goto done;
	}

	if (!compose_is_null(sf.svc->cap_drop)) {
		/* An empty list: `cap_drop: []`. */
		if (!in_service(&sf, sf.svc->cap_drop)) {
			error = reject_shared(&sf, sf.svc->cap_drop, "cap_drop");
			goto done;
		}
		error = fix_compose_replace(&sf.doc, sf.svc->cap_drop->start,
					    sf.svc->cap_drop->end, "[ALL]");
		if (error < 0)
			goto done;
	} else {
		entries[count++] = (fix_compose_entry){
			.key = "cap_drop", .items = all, .item_count = 1,
		};
	}
	if (add_bind)
		entries[count++] = (fix_compose_entry){
			.key = "cap_add", .items = bind, .item_count = 1,
		};
	if (count)
		error = add_to_service(&sf, entries, count);
	if (error < 0 || (error = fix_compose_doc_finish(&sf.doc, out)) < 0)
		goto done;

	out->subject = rm_xasprintf("Drop all capabilities of %s in %s (RC208)",
				    sf.svc->name, ctx->finding->path);
	out->problem = rm_xasprintf(
		"Service '%s' kept Docker's default capabilities (CHOWN, DAC_OVERRIDE, FOWNER, NET_RAW, SETUID, SETGID and others). A process running as root in the container could use them to read and change any file in it, forge network packets, or take over other users' processes, which widens what an attacker can do after a command injection.",
		sf.svc->name);
	out->change = rm_xasprintf(
		"The service now drops every capability%s. It is built from this repository and runs a web service that binds %s and changes no file ownership or user, so it needs none of them. It breaks code that changes file ownership, switches users, or opens raw sockets: `ping` needs NET_RAW unless the kernel lets it use ICMP datagram sockets (net.ipv4.ping_group_range), so check such endpoints after deploying and add back only what fails through cap_add. Registry images are not changed this way because their needs are not known here.",
		add_bind ? " and adds back NET_BIND_SERVICE for its port below 1024" : "",
		add_bind ? "a port below 1024" : "a port above 1023");

done:
	close_service(&sf);
	return error;
}

/* --- RC207, RC209 to RC213: manual work with a recommendation ------------- */

static int reject_with(const fix_context *ctx, const char *why, const char *advice)
{
	service_fix sf;
	int error = open_service(&sf, ctx);

	if (error == RM_OK) {
		rm_error_set("%s of service '%s' is not changed automatically: %s. Recommendation: %s",
			     ctx->finding->rule->id, sf.svc->name, why, advice);
		error = RM_ENOTFOUND;
	}
	close_service(&sf);
	return error;
}

static int reject_privileged(fix *out, const fix_context *ctx)
{
	(void)out;
	return reject_with(ctx,
		      "a privileged service may use host devices or any capability, and removing the mode stops whatever depends on that",
		      "find what it uses (`docker exec CONTAINER capsh --print`, its documentation, the devices it opens), then replace `privileged: true` with `cap_add` entries and `devices` for only those");
}

static int reject_capability(fix *out, const fix_context *ctx)
{
	(void)out;
	return reject_with(ctx,
		      "the program may need the capability, and without it the calls that use it fail at run time",
		      "check why the capability was added; remove it if nothing needs it, or replace it with a narrower one (for example NET_BIND_SERVICE instead of NET_ADMIN for a low port)");
}

static int reject_docker_socket(fix *out, const fix_context *ctx)
{
	(void)out;
	return reject_with(ctx,
		      "the service talks to the Docker API through the socket (as CI runners and proxies that read container labels do), and mounting it read-only does not restrict the API",
		      "remove the mount if nothing needs it; otherwise give the service a socket proxy that allows only the API calls it needs, on an internal network");
}

static int reject_namespace(fix *out, const fix_context *ctx)
{
	(void)out;
	return reject_with(ctx,
		      "the service may rely on the host's network, process or IPC namespace (for example to reach services bound to the host's loopback or to monitor host processes)",
		      "remove the setting, publish the ports the service needs instead of sharing the host network, and check that it still works");
}

const fixer compose_fixers[] = {
	{ "RC201", plan_port },
	{ "RC202", plan_memory },
	{ "RC203", plan_cpus },
	{ "RC204", plan_pids },
	{ "RC205", plan_read_only },
	{ "RC206", plan_no_new_privileges },
	{ "RC207", reject_privileged },
	{ "RC208", plan_cap_drop },
	{ "RC209", reject_capability },
	{ "RC210", reject_docker_socket },
	{ "RC211", reject_namespace },
	{ "RC212", reject_namespace },
	{ "RC213", reject_namespace },
	{ "RC214", fix_compose_secret },
	{ "RC215", fix_compose_healthcheck },
	{ NULL, NULL },
};
