"""Just enough of a browser to use the admin as an editor does: cookies, the CSRF token, and a change form submitted
with every field it holds, over the deployment's TLS."""

import http.client
import time
from urllib.parse import urlencode, urlsplit

from bs4 import BeautifulSoup


class Browser:
    def __init__(self, base, context):
        parts = urlsplit(base)
        self.host, self.port, self.context = parts.hostname, parts.port, context
        self.cookies = {}

    def request(self, method, path, fields=None):
        """(status, headers, body, seconds)."""
        connection = http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Referer": self.url(path)}
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, response.headers, data, elapsed

    def url(self, path):
        return f"https://{self.host}:{self.port}{path}"

    def get(self, path):
        return self.request("GET", path)

    def log_in(self, admin, username, password, code=None):
        page = BeautifulSoup(self.get(f"/{admin}login/")[2], "html.parser")
        token = page.find("input", {"name": "csrfmiddlewaretoken"})["value"]
        status, _, _, _ = self.request(
            "POST",
            f"/{admin}login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": f"/{admin}"},
        )
        if status != 302:
            raise RuntimeError(f"logging in answered {status}")
        if code is not None:  # the second factor production asks for (accounts/)
            page = BeautifulSoup(self.get(f"/{admin}2fa/verify/")[2], "html.parser")
            token = page.find("input", {"name": "csrfmiddlewaretoken"})["value"]
            fields = {"csrfmiddlewaretoken": token, "token": code, "next": f"/{admin}"}
            status, _, _, _ = self.request("POST", f"/{admin}2fa/verify/", fields)
            if status != 302:
                raise RuntimeError(f"the second factor answered {status}")

    def form(self, path, form_id=None):
        """The fields a browser would submit from the page's form, as {name: [values]}."""
        page = BeautifulSoup(self.get(path)[2], "html.parser")
        form = page.find("form", id=form_id) if form_id else page.find("form", method="post")
        fields = {}
        for element in form.find_all(["input", "select", "textarea"]):
            name = element.get("name")
            if not name or element.has_attr("disabled"):
                continue
            kind = element.get("type", "text").lower() if element.name == "input" else element.name
            if kind in ("submit", "button", "file", "image", "reset"):
                continue
            if kind in ("checkbox", "radio"):
                if element.has_attr("checked"):
                    fields.setdefault(name, []).append(element.get("value", "on"))
                continue
            if kind == "select":
                chosen = [o.get("value", o.text) for o in element.find_all("option") if o.has_attr("selected")]
                fields.setdefault(name, []).extend(chosen if chosen or element.has_attr("multiple") else [""])
                continue
            fields.setdefault(name, []).append(element.text if kind == "textarea" else element.get("value", ""))
        return fields

    def submit(self, path, fields):
        """POST a form; (status, seconds)."""
        status, _, body, elapsed = self.request("POST", path, fields)
        if status != 302:
            errors = BeautifulSoup(body, "html.parser").select(".errorlist, .errornote")
            raise RuntimeError(f"POST {path} answered {status}: {[e.get_text(' ', strip=True) for e in errors]}")
        return status, elapsed
