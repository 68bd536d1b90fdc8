#!/usr/bin/python3
"""Record the sample Flask app's answers for e2e.sh.

The app below copies the "/" and "/calculate" views of before/app.py.  The
"/ping" view is left out because it runs a shell; e2e.sh checks that route
on its own.  For each URL given, with the method before a space when it is
not GET ("POST /"), the script writes N.status, N.type, N.allow and N.body
into OUT_DIR using Flask's test client, so no server or network is needed.

Usage: /usr/bin/python3 flask_sample.py OUT_DIR REQUEST...
"""
import os
import sys

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/")
def index():
    name = request.args.get("name", "World")
    if not name.isalnum():
        return jsonify({"error": "name must be alphanumeric"}), 400
    return f"Hello, {name}!"


@app.route("/ping")
def ping():
    return "not run: the original view passes ip to a shell", 501


@app.route("/calculate")
def calculate():
    expr = request.args.get("expr", "1+1")
    # e2e.sh sends arithmetic only; no builtins, so nothing else could run
    return str(eval(expr, {"__builtins__": {}}))


def main():
    out_dir, requests = sys.argv[1], sys.argv[2:]
    client = app.test_client()
    for number, line in enumerate(requests):
        method, _, url = line.rpartition(" ")
        response = client.open(url, method=method or "GET")
        base = os.path.join(out_dir, str(number))
        with open(base + ".status", "w") as f:
            f.write(str(response.status_code))
        with open(base + ".type", "w") as f:
            f.write(response.headers.get("Content-Type", ""))
        with open(base + ".allow", "w") as f:
            f.write(", ".join(sorted(m.strip() for m in response.headers.get("Allow", "").split(",") if m)))
        with open(base + ".body", "wb") as f:
            f.write(response.get_data())
    return 0


if __name__ == "__main__":
    sys.exit(main())
