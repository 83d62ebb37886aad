#!/usr/bin/env python3
"""Write Vita's nginx configuration from deploy/nginx/*.template.

    .venv/bin/python deploy/configure.py --server-name example.org --output-dir /etc/nginx/vita

writes vita.conf (link it into /etc/nginx/sites-enabled/) and the vita-site.conf and vita-proxy.conf it
includes. Every path and port has a default fit for the Debian layout in README.md's "Deploy"; the tests
render a loopback copy with their own. It reads the Content-Security-Policy from config/settings/base.py, so
run it with the project's Python.
"""

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
BROTLI = """    brotli on;
    brotli_static on;
    brotli_types text/css application/javascript application/json image/svg+xml text/plain text/xml
                 application/xml application/atom+xml application/x-bibtex application/ld+json;
"""


def render(template, fields):
    def replace(match):
        return fields[match.group(1)]

    return re.sub(r"\{\{([A-Z_]+)\}\}", replace, template)


def content_security_policy():
    """The policy Django sends (config/settings/base.py), for the pages nginx serves itself."""
    from config.settings.base import CSP_DIRECTIVES
    from core.site import policy_text

    return policy_text(CSP_DIRECTIVES)


def hsts(args):
    """The Strict-Transport-Security line, as Django's settings send it (DJANGO_HSTS_SECONDS,
    DJANGO_HSTS_INCLUDE_SUBDOMAINS), or nothing when HSTS is off."""
    if args.hsts_seconds <= 0:
        return ""
    value = f"max-age={args.hsts_seconds}" + ("; includeSubDomains" if args.hsts_include_subdomains else "")
    return f'add_header Strict-Transport-Security "{value}" always;'


def tls(fields):
    """The TLS settings, the same in the default server (which negotiates) and the site's server."""
    lines = [
        f"ssl_certificate {fields['TLS_CERT']};",
        f"ssl_certificate_key {fields['TLS_KEY']};",
        "ssl_protocols TLSv1.2 TLSv1.3;",
        "ssl_prefer_server_ciphers off;",
        f"ssl_session_cache shared:vita_tls_{fields['ID']}:10m;",
        "ssl_session_timeout 1d;",
    ]
    return "".join(f"    {line}\n" for line in lines)


def configure(args):
    out = Path(args.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    proxy_params = out / "vita-proxy.conf"
    site_params = out / "vita-site.conf"
    redirect = "    location / {\n        return 301 https://$host{{HTTPS_PORT_SUFFIX}}$request_uri;\n    }\n"
    fields = {
        "ID": re.sub(r"\W", "_", args.id),
        "SERVER_NAME": args.server_name,
        "HTTP_LISTEN": f"{args.listen_address}:{args.http_port}" if args.listen_address else str(args.http_port),
        "HTTPS_LISTEN": f"{args.listen_address}:{args.https_port}" if args.listen_address else str(args.https_port),
        "HTTPS_PORT_SUFFIX": "" if args.https_port == 443 else f":{args.https_port}",
        "TLS_CERT": args.tls_cert or f"/etc/letsencrypt/live/{args.server_name.split()[0]}/fullchain.pem",
        "TLS_KEY": args.tls_key or f"/etc/letsencrypt/live/{args.server_name.split()[0]}/privkey.pem",
        "ACME_ROOT": args.acme_root,
        "UPSTREAM": f"unix:{args.socket}" if not args.socket.startswith(("127.", "[", "localhost")) else args.socket,
        "STATIC_ROOT": str(Path(args.static_root)),
        "ADMIN_PATH": args.admin_path.strip("/") + "/",
        "PROXY_PARAMS": str(proxy_params),
        "SITE_PARAMS": str(site_params),
        # Plain http serves the site itself only for a local run (a browser treats 127.0.0.1 as secure).
        "HTTP_SITE": f"    include {site_params};\n" if args.plain_http else redirect,
        "BROTLI": BROTLI if args.brotli else "",
        "BROTLI_STATIC": "        brotli_static on;\n" if args.brotli else "",
        "PUBLISH_ROOT": str(Path(args.publish_root)),
        "CSP": content_security_policy(),
        "HSTS": hsts(args),
    }
    fields["TLS"] = tls(fields)
    (out / "vita.conf").write_text(render(render((HERE / "nginx" / "vita.conf.template").read_text(), fields), fields))
    site_params.write_text(render((HERE / "nginx" / "vita-site.conf.template").read_text(), fields))
    proxy_params.write_text(render((HERE / "nginx" / "vita-proxy.conf.template").read_text(), fields))
    return out / "vita.conf"


def parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--server-name", required=True, help="Host names, space-separated, e.g. 'example.org www.example.org'."
    )
    p.add_argument("--output-dir", default="/etc/nginx/vita")
    p.add_argument("--socket", default="/run/vita/gunicorn.sock", help="gunicorn's unix socket, or host:port.")
    p.add_argument("--static-root", default="/srv/vita/static")
    p.add_argument("--publish-root", default="/srv/vita/published", help="DJANGO_PUBLISH_ROOT")
    p.add_argument("--admin-path", default="admin/")
    p.add_argument("--tls-cert", help="Default: Let's Encrypt's path for the first server name.")
    p.add_argument("--tls-key")
    p.add_argument("--acme-root", default="/var/www/letsencrypt")
    p.add_argument("--http-port", type=int, default=80)
    p.add_argument("--https-port", type=int, default=443)
    p.add_argument("--listen-address", default="", help="Listen on this address only (e.g. 127.0.0.1).")
    p.add_argument("--plain-http", action="store_true", help="Serve the site on the http port too (local tests only).")
    p.add_argument("--brotli", action="store_true", help="Debian's libnginx-mod-http-brotli-* are installed.")
    p.add_argument("--id", default="site", help="Names nginx zones, so that two copies can run side by side.")
    p.add_argument("--hsts-seconds", type=int, default=31536000, help="As DJANGO_HSTS_SECONDS (0: no HSTS header).")
    p.add_argument(
        "--hsts-include-subdomains",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="As DJANGO_HSTS_INCLUDE_SUBDOMAINS (default on).",
    )
    return p


if __name__ == "__main__":
    print(configure(parser().parse_args()))
