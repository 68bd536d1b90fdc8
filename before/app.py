"""A small Flask service with three endpoints.

This is the sample input of remediate: it is deliberately vulnerable
(command injection in /ping, code injection in /calculate, a hard-coded
password, a bind to every interface) so the tool has real work to do.
Do not deploy it.
"""
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)

# Left over from a database login that was never wired up.
PASSWORD = "SuperSecret123!"


@app.route("/")
def index():
    name = request.args.get("name", "World")
    if not name.isalnum():
        return jsonify({"error": "name must be alphanumeric"}), 400
    return f"Hello, {name}!"


@app.route("/ping")
def ping():
    ip = request.args.get("ip", "127.0.0.1")
    output = subprocess.check_output(f"ping -c 1 {ip}", shell=True)
    return output


@app.route("/calculate")
def calculate():
    expr = request.args.get("expr", "1+1")
    return str(eval(expr))


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
