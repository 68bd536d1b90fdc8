/*
 * Table-driven tests of every Bandit 1.9.4 check the Python analyzer
 * implements beyond the first sixteen (tests/unit/test_python_rules.c has
 * those), plus alias and `# nosec` forms.  With that file, every check
 * has a case for a line it flags and for a near miss it must not flag
 * (names containing `_not`).  Checks that resolve qualified names also have
 * an import alias or attribute chain (`_alias`).  Every check has a bare
 * `# nosec` and a `# nosec ID` (`_nosec`).  Each case runs a small source
 * through python_analyzer.analyze and compares every finding, written as
 * "ID line:col SEVERITY/CONFIDENCE issue_text" in output order, and the
 * nosec metrics.  The expected values of all cases but the last were
 * produced by running Bandit 1.9.4 on the same source (the generator ran
 * `bandit -f json` and copied its results); the last case is one of our
 * deliberate differences, described in docs/bandit-differences.md.
 * Further tests cover the plugin options of a Bandit configuration file
 * and baseline matching.
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

#include "analyzer.h"
#include "config.h"
#include "error.h"

typedef struct bandit_case {
	const char *name;
	const char *source;
	const char *expected;   /* "ID line:col SEV/CONF text\n" per finding */
	long nosec;
	long skipped_tests;
} bandit_case;

static const bandit_case cases[] = {
	{ "b101_not_method",
	  "self.assertTrue(x)\n"
	  "msg = 'assert x'\n",
	  "",
	  0, 0 },
	{ "b101_nosec",
	  "assert x  # nosec\n"
	  "assert y  # nosec B101\n",
	  "",
	  1, 1 },
	{ "b102_alias",
	  "import builtins as b\n"
	  "from os import system as exec\n"
	  "b.exec(code)\n"
	  "exec(cmd)\n",
	  "B605 4:0 HIGH/HIGH Starting a process with a shell, possible injection detected, security issue.\n",
	  0, 0 },
	{ "b102_nosec",
	  "exec(code)  # nosec\n"
	  "exec(code)  # nosec B102\n",
	  "",
	  1, 1 },
	{ "b103_world_writable",
	  "import os\n"
	  "os.chmod('/x', 0o777)\n",
	  "B103 2:0 HIGH/HIGH Chmod setting a permissive mask 0o777 on file (/x).\n",
	  0, 0 },
	{ "b103_group_exec_medium",
	  "import os\n"
	  "os.chmod(p, 0o750)\n",
	  "B103 2:0 MEDIUM/HIGH Chmod setting a permissive mask 0o750 on file (p).\n",
	  0, 0 },
	{ "b103_not_private",
	  "import os\n"
	  "os.chmod('/x', 0o600)\n"
	  "os.chmod('/x', stat.S_IRWXO)\n"
	  "os.fchmod(fd, 0o755, x)\n",
	  "",
	  0, 0 },
	{ "b103_nosec",
	  "import os\n"
	  "os.chmod('/x', 0o777)  # nosec\n"
	  "os.chmod('/x', 0o777)  # nosec B103\n",
	  "",
	  1, 1 },
	{ "b104_nosec",
	  "HOST = '0.0.0.0'  # nosec\n"
	  "HOST = '0.0.0.0'  # nosec B104\n",
	  "",
	  1, 1 },
	{ "b105_nosec",
	  "password = 'hunter2'  # nosec\n"
	  "password = 'hunter2'  # nosec B105\n",
	  "",
	  1, 1 },
	{ "b106_nosec",
	  "login(user, password='p')  # nosec\n"
	  "login(user, password='p')  # nosec B106\n",
	  "",
	  1, 1 },
	{ "b107_nosec",
	  "def f(a, passwd='s'):  # nosec\n"
	  "    pass\n"
	  "def g(a, passwd='s'):  # nosec B107\n"
	  "    pass\n",
	  "",
	  1, 1 },
	{ "b108_tmp",
	  "LOG = '/tmp/app.log'\n"
	  "D = f'/dev/shm/{x}'\n",
	  "B108 1:6 MEDIUM/MEDIUM Probable insecure usage of temp file/directory.\n"
	  "B108 2:4 MEDIUM/MEDIUM Probable insecure usage of temp file/directory.\n",
	  0, 0 },
	{ "b108_not",
	  "A = '/tmpx'\n"
	  "B = b'/tmp/x'\n"
	  "'/tmp/docstring'\n",
	  "B108 1:4 MEDIUM/MEDIUM Probable insecure usage of temp file/directory.\n",
	  0, 0 },
	{ "b108_nosec",
	  "LOG = '/tmp/app.log'  # nosec\n"
	  "LOG = '/tmp/app.log'  # nosec B108\n",
	  "",
	  1, 1 },
	{ "b110_nosec",
	  "try:\n"
	  "    f()\n"
	  "except:  # nosec\n"
	  "    pass\n"
	  "try:\n"
	  "    f()\n"
	  "except Exception:  # nosec B110\n"
	  "    pass\n",
	  "",
	  1, 1 },
	{ "b112_continue",
	  "for i in x:\n"
	  "    try:\n"
	  "        f()\n"
	  "    except Exception:\n"
	  "        continue\n",
	  "B112 4:4 LOW/HIGH Try, Except, Continue detected.\n",
	  0, 0 },
	{ "b112_not_typed",
	  "for i in x:\n"
	  "    try:\n"
	  "        f()\n"
	  "    except ValueError:\n"
	  "        continue\n",
	  "",
	  0, 0 },
	{ "b112_nosec",
	  "for i in x:\n"
	  "    try:\n"
	  "        f()\n"
	  "    except Exception:  # nosec\n"
	  "        continue\n"
	  "    try:\n"
	  "        f()\n"
	  "    except Exception:  # nosec B112\n"
	  "        continue\n",
	  "",
	  1, 1 },
	{ "b113_requests",
	  "import requests\n"
	  "requests.get(u)\n"
	  "requests.post(u, timeout=None)\n",
	  "B113 2:0 MEDIUM/LOW Call to requests without timeout\n"
	  "B113 3:0 MEDIUM/LOW Call to requests with timeout set to None\n",
	  0, 0 },
	{ "b113_alias",
	  "import requests as r\n"
	  "from requests import head\n"
	  "r.get(u, timeout=f())\n"
	  "head(u)\n",
	  "B113 3:0 MEDIUM/LOW Call to requests without timeout\n"
	  "B113 4:0 MEDIUM/LOW Call to requests without timeout\n",
	  0, 0 },
	{ "b113_not",
	  "import requests, httpx\n"
	  "requests.get(u, timeout=5)\n"
	  "httpx.get(u)\n"
	  "requests.Session().get(u)\n",
	  "",
	  0, 0 },
	{ "b113_httpx_none",
	  "import httpx\n"
	  "httpx.Client(timeout=None)\n",
	  "B113 2:0 MEDIUM/LOW Call to httpx with timeout set to None\n",
	  0, 0 },
	{ "b113_nosec",
	  "import requests\n"
	  "requests.get(u)  # nosec\n"
	  "requests.get(u)  # nosec B113\n",
	  "",
	  1, 1 },
	{ "b201_alias",
	  "from flask import Flask as F\n"
	  "app = F(__name__)\n"
	  "self.app.run(debug=True)\n",
	  "B201 3:0 HIGH/MEDIUM A Flask app appears to be run with debug=True, which exposes the Werkzeug debugger and allows the execution of arbitrary code.\n",
	  0, 0 },
	{ "b201_nosec",
	  "import flask\n"
	  "app.run(debug=True)  # nosec\n"
	  "app.run(debug=True)  # nosec B201\n",
	  "",
	  1, 1 },
	{ "b202_levels",
	  "import tarfile\n"
	  "t.extractall()\n"
	  "t.extractall(members=safe(t))\n"
	  "t.extractall(members=m)\n",
	  "B202 2:0 HIGH/HIGH tarfile.extractall used without any validation. Please check and discard dangerous members.\n"
	  "B202 3:0 LOW/LOW Usage of tarfile.extractall(members=function(tarfile)). Make sure your function properly discards dangerous members {'Function': 'safe'}).\n"
	  "B202 4:0 MEDIUM/MEDIUM Found tarfile.extractall(members=?) but couldn't identify the type of members. Check if the members were properly validated {'Other': 'm'}).\n",
	  0, 0 },
	{ "b202_not",
	  "import tarfile\n"
	  "t.extractall(filter='data')\n"
	  "import tarfile as tf\n",
	  "",
	  0, 0 },
	{ "b202_not_imported",
	  "t.extractall()\n",
	  "",
	  0, 0 },
	{ "b202_nosec",
	  "import tarfile\n"
	  "t.extractall()  # nosec\n"
	  "t.extractall()  # nosec B202\n",
	  "",
	  1, 1 },
	{ "b301_b302",
	  "import pickle, marshal\n"
	  "from dill import loads\n"
	  "pickle.loads(b)\n"
	  "marshal.load(f)\n"
	  "loads(b)\n",
	  "B403 1:0 LOW/HIGH Consider possible security implications associated with pickle module.\n"
	  "B403 2:0 LOW/HIGH Consider possible security implications associated with loads module.\n"
	  "B301 3:0 MEDIUM/HIGH Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data, possible security issue.\n"
	  "B302 4:0 MEDIUM/HIGH Deserialization with the marshal module is possibly dangerous.\n"
	  "B301 5:0 MEDIUM/HIGH Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data, possible security issue.\n",
	  0, 0 },
	{ "b301_nosec",
	  "import pickle\n"
	  "pickle.loads(b)  # nosec\n"
	  "pickle.loads(b)  # nosec B301\n",
	  "B403 1:0 LOW/HIGH Consider possible security implications associated with pickle module.\n",
	  1, 1 },
	{ "b302_not",
	  "import marshal, json\n"
	  "marshal.dumps(x)\n"
	  "json.loads(s)\n",
	  "",
	  0, 0 },
	{ "b302_alias",
	  "from marshal import loads as unmarshal\n"
	  "unmarshal(b)\n",
	  "B302 2:0 MEDIUM/HIGH Deserialization with the marshal module is possibly dangerous.\n",
	  0, 0 },
	{ "b302_nosec",
	  "import marshal\n"
	  "marshal.load(f)  # nosec\n"
	  "marshal.load(f)  # nosec B302\n",
	  "",
	  1, 1 },
	{ "b303_b304_b305",
	  "from Crypto.Hash import MD5\n"
	  "from cryptography.hazmat.primitives.ciphers import algorithms, modes\n"
	  "MD5.new()\n"
	  "algorithms.TripleDES(k)\n"
	  "modes.ECB()\n",
	  "B413 1:0 HIGH/HIGH The pyCrypto library and its module MD5 are no longer actively maintained and have been deprecated. Consider using pyca/cryptography library.\n"
	  "B303 3:0 MEDIUM/HIGH Use of insecure MD2, MD4, MD5, or SHA1 hash function.\n"
	  "B304 4:0 HIGH/HIGH Use of insecure cipher cryptography.hazmat.primitives.ciphers.algorithms.TripleDES. Replace with a known secure cipher such as AES.\n"
	  "B305 5:0 MEDIUM/HIGH Use of insecure cipher mode cryptography.hazmat.primitives.ciphers.modes.ECB.\n",
	  0, 0 },
	{ "b303_nosec",
	  "from cryptography.hazmat.primitives import hashes\n"
	  "hashes.MD5()  # nosec\n"
	  "hashes.SHA1()  # nosec B303\n",
	  "",
	  1, 1 },
	{ "b304_b305_not",
	  "from cryptography.hazmat.primitives.ciphers import algorithms, modes\n"
	  "from Cryptodome.Cipher import DES3\n"
	  "algorithms.AES(k)\n"
	  "modes.CBC(iv)\n"
	  "DES3.new(k)\n",
	  "",
	  0, 0 },
	{ "b304_b305_nosec",
	  "from cryptography.hazmat.primitives.ciphers import algorithms, modes\n"
	  "algorithms.ARC4(k)  # nosec\n"
	  "algorithms.Blowfish(k)  # nosec B304\n"
	  "modes.ECB()  # nosec\n"
	  "modes.ECB()  # nosec B305\n",
	  "",
	  2, 2 },
	{ "b306_b307_b308",
	  "import tempfile\n"
	  "from django.utils.safestring import mark_safe\n"
	  "tempfile.mktemp()\n"
	  "eval(x)\n"
	  "mark_safe(x)\n",
	  "B306 3:0 MEDIUM/HIGH Use of insecure and deprecated function (mktemp).\n"
	  "B307 4:0 MEDIUM/HIGH Use of possibly insecure function - consider using safer ast.literal_eval.\n"
	  "B308 5:0 MEDIUM/HIGH Use of mark_safe() may expose cross-site scripting vulnerabilities and should be reviewed.\n"
	  "B703 5:0 MEDIUM/HIGH Potential XSS on mark_safe function.\n",
	  0, 0 },
	{ "b306_not",
	  "import tempfile\n"
	  "tempfile.mkstemp()\n"
	  "tempfile.NamedTemporaryFile()\n"
	  "make_name = tempfile.mktemp\n",
	  "",
	  0, 0 },
	{ "b306_alias",
	  "from tempfile import mktemp as make_name\n"
	  "make_name()\n",
	  "B306 2:0 MEDIUM/HIGH Use of insecure and deprecated function (mktemp).\n",
	  0, 0 },
	{ "b306_nosec",
	  "import tempfile\n"
	  "tempfile.mktemp()  # nosec\n"
	  "tempfile.mktemp()  # nosec B306\n",
	  "",
	  1, 1 },
	{ "b307_not",
	  "obj.eval(x)\n"
	  "evaluate(x)\n",
	  "",
	  0, 0 },
	{ "b307_alias",
	  "import builtins as b\n"
	  "from os import system as eval\n"
	  "b.eval(x)\n"
	  "eval(x)\n",
	  "B605 4:0 HIGH/HIGH Starting a process with a shell, possible injection detected, security issue.\n",
	  0, 0 },
	{ "b307_nosec",
	  "eval(x)  # nosec\n"
	  "eval(x)  # nosec B307\n",
	  "",
	  1, 1 },
	{ "b308_not",
	  "mark_safe(x)\n"
	  "html.mark_safe(x)\n",
	  "",
	  0, 0 },
	{ "b308_nosec",
	  "from django.utils import safestring\n"
	  "safestring.mark_safe('x')  # nosec\n"
	  "safestring.mark_safe('x')  # nosec B308\n",
	  "",
	  1, 1 },
	{ "b310_b311_b312",
	  "import urllib.request, random, telnetlib\n"
	  "urllib.request.urlopen(u)\n"
	  "random.choice(x)\n"
	  "telnetlib.Telnet(h)\n",
	  "B401 1:0 HIGH/HIGH A telnet-related module is being imported.  Telnet is considered insecure. Use SSH or some other encrypted protocol.\n"
	  "B310 2:0 MEDIUM/HIGH Audit url open for permitted schemes. Allowing use of file:/ or custom schemes is often unexpected.\n"
	  "B311 3:0 LOW/HIGH Standard pseudo-random generators are not suitable for security/cryptographic purposes.\n"
	  "B312 4:0 HIGH/HIGH Telnet-related functions are being called. Telnet is considered insecure. Use SSH or some other encrypted protocol.\n",
	  0, 0 },
	{ "b310_not",
	  "import urllib.parse, urllib\n"
	  "urllib.parse.urlparse(u)\n"
	  "urllib.urlopen(u)\n",
	  "",
	  0, 0 },
	{ "b310_nosec",
	  "from urllib import request\n"
	  "request.urlopen(u)  # nosec\n"
	  "request.urlretrieve(u)  # nosec B310\n",
	  "",
	  1, 1 },
	{ "b311_not",
	  "import random\n"
	  "random.shuffle(x)\n"
	  "random.SystemRandom()\n",
	  "",
	  0, 0 },
	{ "b311_alias",
	  "from random import randint as roll\n"
	  "import random as r\n"
	  "roll(1, 6)\n"
	  "r.random()\n",
	  "B311 3:0 LOW/HIGH Standard pseudo-random generators are not suitable for security/cryptographic purposes.\n"
	  "B311 4:0 LOW/HIGH Standard pseudo-random generators are not suitable for security/cryptographic purposes.\n",
	  0, 0 },
	{ "b311_nosec",
	  "import random\n"
	  "random.random()  # nosec\n"
	  "random.random()  # nosec B311\n",
	  "",
	  1, 1 },
	{ "b312_alias",
	  "from telnetlib import Telnet as T\n"
	  "T(h)\n",
	  "B401 1:0 HIGH/HIGH A telnet-related module is being imported.  Telnet is considered insecure. Use SSH or some other encrypted protocol.\n"
	  "B312 2:0 HIGH/HIGH Telnet-related functions are being called. Telnet is considered insecure. Use SSH or some other encrypted protocol.\n",
	  0, 0 },
	{ "b312_nosec",
	  "import telnetlib  # nosec B401\n"
	  "telnetlib.Telnet(h)  # nosec\n"
	  "telnetlib.Telnet(h)  # nosec B312\n",
	  "",
	  1, 2 },
	{ "b313_b319",
	  "import xml.etree.cElementTree as c\n"
	  "import xml.etree.ElementTree as E\n"
	  "from xml.sax import expatreader\n"
	  "import xml.dom.expatbuilder, xml.sax, xml.dom.minidom, xml.dom.pulldom\n"
	  "c.parse(f)\n"
	  "E.fromstring(s)\n"
	  "expatreader.create_parser()\n"
	  "xml.dom.expatbuilder.parse(f)\n"
	  "xml.sax.make_parser()\n"
	  "xml.dom.minidom.parseString(s)\n"
	  "xml.dom.pulldom.parse(f)\n",
	  "B405 1:0 LOW/HIGH Using xml.etree.cElementTree to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.etree.cElementTree with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B405 2:0 LOW/HIGH Using xml.etree.ElementTree to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.etree.ElementTree with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B406 3:0 LOW/HIGH Using expatreader to parse untrusted XML data is known to be vulnerable to XML attacks. Replace expatreader with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B406 4:0 LOW/HIGH Using xml.sax to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.sax with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B313 5:0 MEDIUM/HIGH Using xml.etree.cElementTree.parse to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.etree.cElementTree.parse with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called\n"
	  "B314 6:0 MEDIUM/HIGH Using xml.etree.ElementTree.fromstring to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.etree.ElementTree.fromstring with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called\n"
	  "B315 7:0 MEDIUM/HIGH Using xml.sax.expatreader.create_parser to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.sax.expatreader.create_parser with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called\n"
	  "B316 8:0 MEDIUM/HIGH Using xml.dom.expatbuilder.parse to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.dom.expatbuilder.parse with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called\n"
	  "B317 9:0 MEDIUM/HIGH Using xml.sax.make_parser to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.sax.make_parser with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called\n"
	  "B318 10:0 MEDIUM/HIGH Using xml.dom.minidom.parseString to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.dom.minidom.parseString with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called\n"
	  "B319 11:0 MEDIUM/HIGH Using xml.dom.pulldom.parse to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.dom.pulldom.parse with its defusedxml equivalent function or make sure defusedxml.defuse_stdlib() is called\n",
	  0, 0 },
	{ "b313_b319_not",
	  "import xml.etree.cElementTree\n"
	  "import xml.etree.ElementTree as E\n"
	  "import xml.sax.expatreader, xml.dom.expatbuilder, xml.sax.saxutils\n"
	  "import xml.dom.minidom, xml.dom.pulldom\n"
	  "import defusedxml.ElementTree as D\n"
	  "xml.etree.cElementTree.tostring(e)\n"
	  "E.tostring(e)\n"
	  "xml.sax.expatreader.ExpatParser()\n"
	  "xml.dom.expatbuilder.makeBuilder(o)\n"
	  "xml.sax.saxutils.escape(s)\n"
	  "xml.dom.minidom.Document()\n"
	  "xml.dom.pulldom.default_bufsize\n"
	  "D.parse(f)\n",
	  "B405 1:0 LOW/HIGH Using xml.etree.cElementTree to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.etree.cElementTree with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B405 2:0 LOW/HIGH Using xml.etree.ElementTree to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.etree.ElementTree with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B406 3:0 LOW/HIGH Using xml.sax.expatreader to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.sax.expatreader with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B408 4:0 LOW/HIGH Using xml.dom.minidom to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.dom.minidom with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n",
	  0, 0 },
	{ "b313_b319_nosec",
	  "import xml.etree.cElementTree as c  # nosec\n"
	  "import xml.etree.ElementTree as E  # nosec\n"
	  "import xml.sax, xml.sax.expatreader, xml.dom.expatbuilder  # nosec\n"
	  "import xml.dom.minidom, xml.dom.pulldom  # nosec\n"
	  "c.parse(f)  # nosec\n"
	  "c.parse(f)  # nosec B313\n"
	  "E.parse(f)  # nosec\n"
	  "E.parse(f)  # nosec B314\n"
	  "xml.sax.expatreader.create_parser()  # nosec\n"
	  "xml.sax.expatreader.create_parser()  # nosec B315\n"
	  "xml.dom.expatbuilder.parse(f)  # nosec\n"
	  "xml.dom.expatbuilder.parse(f)  # nosec B316\n"
	  "xml.sax.parse(f)  # nosec\n"
	  "xml.sax.parse(f)  # nosec B317\n"
	  "xml.dom.minidom.parse(f)  # nosec\n"
	  "xml.dom.minidom.parse(f)  # nosec B318\n"
	  "xml.dom.pulldom.parse(f)  # nosec\n"
	  "xml.dom.pulldom.parse(f)  # nosec B319\n",
	  "",
	  11, 7 },
	{ "b321_b323",
	  "import ftplib, ssl\n"
	  "ftplib.FTP(h)\n"
	  "ftplib.FTP_TLS(h)\n"
	  "ssl._create_unverified_context()\n",
	  "B402 1:0 HIGH/HIGH A FTP-related module is being imported.  FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.\n"
	  "B321 2:0 HIGH/HIGH FTP-related functions are being called. FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.\n"
	  "B323 4:0 MEDIUM/HIGH By default, Python will create a secure, verified ssl context for use in such classes as HTTPSConnection. However, it still allows using an insecure context via the _create_unverified_context that  reverts to the previous behavior that does not validate certificates or perform hostname checks.\n",
	  0, 0 },
	{ "b321_alias",
	  "from ftplib import FTP as F\n"
	  "F(h)\n",
	  "B402 1:0 HIGH/HIGH A FTP-related module is being imported.  FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.\n"
	  "B321 2:0 HIGH/HIGH FTP-related functions are being called. FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.\n",
	  0, 0 },
	{ "b321_nosec",
	  "import ftplib  # nosec\n"
	  "ftplib.FTP(h)  # nosec\n"
	  "ftplib.FTP(h)  # nosec B321\n",
	  "",
	  2, 1 },
	{ "b323_not",
	  "import ssl\n"
	  "ssl.create_default_context()\n"
	  "ssl._create_default_https_context()\n"
	  "make_context = ssl._create_unverified_context\n",
	  "",
	  0, 0 },
	{ "b323_alias",
	  "from ssl import _create_unverified_context as insecure\n"
	  "insecure()\n",
	  "B323 2:0 MEDIUM/HIGH By default, Python will create a secure, verified ssl context for use in such classes as HTTPSConnection. However, it still allows using an insecure context via the _create_unverified_context that  reverts to the previous behavior that does not validate certificates or perform hostname checks.\n",
	  0, 0 },
	{ "b323_nosec",
	  "import ssl\n"
	  "ssl._create_unverified_context()  # nosec\n"
	  "ssl._create_unverified_context()  # nosec B323\n",
	  "",
	  1, 1 },
	{ "b324_hashlib",
	  "import hashlib\n"
	  "hashlib.md5(b)\n"
	  "hashlib.new('SHA1')\n"
	  "hashlib.sha1(b, usedforsecurity=False)\n"
	  "hashlib.sha256(b)\n",
	  "B324 2:0 HIGH/HIGH Use of weak MD5 hash for security. Consider usedforsecurity=False\n"
	  "B324 3:0 HIGH/HIGH Use of weak SHA1 hash for security. Consider usedforsecurity=False\n",
	  0, 0 },
	{ "b324_crypt",
	  "import crypt\n"
	  "crypt.crypt(p, crypt.METHOD_MD5)\n"
	  "crypt.mksalt(crypt.METHOD_SHA512)\n",
	  "B324 2:0 MEDIUM/HIGH Use of insecure crypt.METHOD_MD5 hash function.\n",
	  0, 0 },
	{ "b324_alias",
	  "from hashlib import md5 as digest\n"
	  "import hashlib as h\n"
	  "digest(b)\n"
	  "h.sha1(b)\n",
	  "B324 3:0 HIGH/HIGH Use of weak MD5 hash for security. Consider usedforsecurity=False\n"
	  "B324 4:0 HIGH/HIGH Use of weak SHA1 hash for security. Consider usedforsecurity=False\n",
	  0, 0 },
	{ "b324_nosec",
	  "import hashlib\n"
	  "hashlib.md5(b)  # nosec\n"
	  "hashlib.md5(b)  # nosec B324\n",
	  "",
	  1, 1 },
	{ "b401_b415_imports",
	  "import telnetlib\n"
	  "import ftplib\n"
	  "import cPickle\n"
	  "from xml.etree import ElementTree\n"
	  "import xml.sax\n"
	  "import xml.dom.expatbuilder\n"
	  "import xml.dom.minidom\n"
	  "from xml.dom import pulldom\n"
	  "import xmlrpc.client\n"
	  "from wsgiref.handlers import CGIHandler\n"
	  "from Crypto.Cipher import AES\n"
	  "import pyghmi\n",
	  "B401 1:0 HIGH/HIGH A telnet-related module is being imported.  Telnet is considered insecure. Use SSH or some other encrypted protocol.\n"
	  "B402 2:0 HIGH/HIGH A FTP-related module is being imported.  FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.\n"
	  "B403 3:0 LOW/HIGH Consider possible security implications associated with cPickle module.\n"
	  "B405 4:0 LOW/HIGH Using ElementTree to parse untrusted XML data is known to be vulnerable to XML attacks. Replace ElementTree with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B406 5:0 LOW/HIGH Using xml.sax to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.sax with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B407 6:0 LOW/HIGH Using xml.dom.expatbuilder to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.dom.expatbuilder with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B408 7:0 LOW/HIGH Using xml.dom.minidom to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.dom.minidom with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B409 8:0 LOW/HIGH Using pulldom to parse untrusted XML data is known to be vulnerable to XML attacks. Replace pulldom with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B411 9:0 HIGH/HIGH Using xmlrpc.client to parse untrusted XML data is known to be vulnerable to XML attacks. Use defusedxml.xmlrpc.monkey_patch() function to monkey-patch xmlrpclib and mitigate XML vulnerabilities.\n"
	  "B412 10:0 HIGH/HIGH Consider possible security implications associated with CGIHandler module.\n"
	  "B413 11:0 HIGH/HIGH The pyCrypto library and its module AES are no longer actively maintained and have been deprecated. Consider using pyca/cryptography library.\n"
	  "B415 12:0 HIGH/HIGH An IPMI-related module is being imported. IPMI is considered insecure. Use an encrypted protocol.\n",
	  0, 0 },
	{ "b401_b415_nosec",
	  "import telnetlib  # nosec\n"
	  "import telnetlib  # nosec B401\n"
	  "import ftplib  # nosec\n"
	  "import ftplib  # nosec B402\n"
	  "import pickle  # nosec\n"
	  "import pickle  # nosec B403\n"
	  "import xml.etree.ElementTree  # nosec\n"
	  "import xml.etree.ElementTree  # nosec B405\n"
	  "import xml.sax  # nosec\n"
	  "import xml.sax  # nosec B406\n"
	  "import xml.dom.expatbuilder  # nosec\n"
	  "import xml.dom.expatbuilder  # nosec B407\n"
	  "import xml.dom.minidom  # nosec\n"
	  "import xml.dom.minidom  # nosec B408\n"
	  "import xml.dom.pulldom  # nosec\n"
	  "import xml.dom.pulldom  # nosec B409\n"
	  "import xmlrpc  # nosec\n"
	  "import xmlrpc  # nosec B411\n"
	  "from wsgiref.handlers import CGIHandler  # nosec\n"
	  "from wsgiref.handlers import CGIHandler  # nosec B412\n"
	  "import Crypto.Cipher  # nosec\n"
	  "import Crypto.Cipher  # nosec B413\n"
	  "import pyghmi  # nosec\n"
	  "import pyghmi  # nosec B415\n",
	  "",
	  12, 12 },
	{ "b4xx_first_entry_wins",
	  "import subprocess, pickle\n",
	  "B403 1:0 LOW/HIGH Consider possible security implications associated with pickle module.\n",
	  0, 0 },
	{ "b4xx_dynamic",
	  "import importlib\n"
	  "__import__('telnetlib')\n"
	  "importlib.import_module('pickle')\n",
	  "B401 2:0 HIGH/HIGH A telnet-related module is being imported.  Telnet is considered insecure. Use SSH or some other encrypted protocol.\n"
	  "B403 3:0 LOW/HIGH Consider possible security implications associated with pickle module.\n",
	  0, 0 },
	{ "b4xx_not",
	  "import xml\n"
	  "import Crypto\n"
	  "from xml import dom\n"
	  "import subprocess32\n",
	  "B404 4:0 LOW/HIGH Consider possible security implications associated with the subprocess module.\n",
	  0, 0 },
	{ "b4xx_not_prefix",
	  "from mylib import telnetlib, ftplib, pickle, xmlrpc, pyghmi\n"
	  "import xml.etree\n"
	  "from xml.etree import ElementInclude\n"
	  "from defusedxml import sax, expatbuilder, minidom, pulldom\n"
	  "from wsgiref.handlers import SimpleHandler\n"
	  "from twisted.web.twcgi import CGIProcessProtocol\n",
	  "",
	  0, 0 },
	{ "b4xx_alias",
	  "import ftplib as f\n"
	  "import xml.dom.expatbuilder as eb\n"
	  "from xml.dom import minidom\n"
	  "from xmlrpc.client import ServerProxy\n"
	  "import pyghmi.ipmi.command as ipmi\n",
	  "B402 1:0 HIGH/HIGH A FTP-related module is being imported.  FTP is considered insecure. Use SSH/SFTP/SCP or some other encrypted protocol.\n"
	  "B407 2:0 LOW/HIGH Using xml.dom.expatbuilder to parse untrusted XML data is known to be vulnerable to XML attacks. Replace xml.dom.expatbuilder with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B408 3:0 LOW/HIGH Using minidom to parse untrusted XML data is known to be vulnerable to XML attacks. Replace minidom with the equivalent defusedxml package, or make sure defusedxml.defuse_stdlib() is called.\n"
	  "B411 4:0 HIGH/HIGH Using ServerProxy to parse untrusted XML data is known to be vulnerable to XML attacks. Use defusedxml.xmlrpc.monkey_patch() function to monkey-patch xmlrpclib and mitigate XML vulnerabilities.\n"
	  "B415 5:0 HIGH/HIGH An IPMI-related module is being imported. IPMI is considered insecure. Use an encrypted protocol.\n",
	  0, 0 },
	{ "b501",
	  "import requests\n"
	  "requests.get(u, timeout=1,\n"
	  "             verify=False)\n",
	  "B501 3:0 HIGH/HIGH Call to requests with verify=False disabling SSL certificate checks, security issue.\n",
	  0, 0 },
	{ "b501_alias",
	  "import requests as r\n"
	  "from httpx import Client\n"
	  "r.post(u, verify=False, timeout=1)\n"
	  "Client(verify=False)\n",
	  "B501 3:0 HIGH/HIGH Call to requests with verify=False disabling SSL certificate checks, security issue.\n"
	  "B501 4:0 HIGH/HIGH Call to httpx with verify=False disabling SSL certificate checks, security issue.\n",
	  0, 0 },
	{ "b501_nosec",
	  "import requests\n"
	  "requests.get(u, timeout=1, verify=False)  # nosec\n"
	  "requests.get(u, timeout=1, verify=False)  # nosec B501\n",
	  "",
	  1, 1 },
	{ "b502_b504",
	  "import ssl\n"
	  "ssl.wrap_socket(s, ssl_version=ssl.PROTOCOL_SSLv3)\n"
	  "ssl.wrap_socket(s)\n"
	  "foo(method='TLSv1_METHOD')\n"
	  "ssl.wrap_socket(s, ssl_version=ssl.PROTOCOL_TLS_CLIENT)\n",
	  "B502 2:0 HIGH/HIGH ssl.wrap_socket call with insecure SSL/TLS protocol version identified, security issue.\n"
	  "B504 3:0 LOW/MEDIUM ssl.wrap_socket call with no SSL/TLS protocol version specified, the default SSLv23 could be insecure, possible security issue.\n"
	  "B502 4:0 MEDIUM/MEDIUM Function call with insecure SSL/TLS protocol identified, possible security issue.\n",
	  0, 0 },
	{ "b502_b504_alias",
	  "from ssl import wrap_socket as wrap, PROTOCOL_TLSv1\n"
	  "wrap(s, ssl_version=PROTOCOL_TLSv1)\n"
	  "wrap(s)\n",
	  "B502 2:0 HIGH/HIGH ssl.wrap_socket call with insecure SSL/TLS protocol version identified, security issue.\n"
	  "B504 3:0 LOW/MEDIUM ssl.wrap_socket call with no SSL/TLS protocol version specified, the default SSLv23 could be insecure, possible security issue.\n",
	  0, 0 },
	{ "b502_b504_nosec",
	  "import ssl\n"
	  "ssl.wrap_socket(s, ssl_version=ssl.PROTOCOL_SSLv3)  # nosec\n"
	  "ssl.wrap_socket(s, ssl_version=ssl.PROTOCOL_SSLv3)  # nosec B502\n"
	  "ssl.wrap_socket(s)  # nosec\n"
	  "ssl.wrap_socket(s)  # nosec B504\n",
	  "",
	  2, 2 },
	{ "b503",
	  "import ssl\n"
	  "def f(v=ssl.PROTOCOL_SSLv2):\n"
	  "    pass\n"
	  "def g(v=PROTOCOL_SSLv2):\n"
	  "    pass\n"
	  "async def h(v=ssl.PROTOCOL_SSLv2):\n"
	  "    pass\n",
	  "B503 2:0 MEDIUM/MEDIUM Function definition identified with insecure SSL/TLS protocol version by default, possible security issue.\n",
	  0, 0 },
	{ "b503_nosec",
	  "import ssl\n"
	  "def f(v=ssl.PROTOCOL_SSLv2):  # nosec\n"
	  "    pass\n"
	  "def g(v=ssl.PROTOCOL_SSLv2):  # nosec B503\n"
	  "    pass\n",
	  "",
	  1, 1 },
	{ "b505",
	  "from cryptography.hazmat.primitives.asymmetric import rsa, ec\n"
	  "from Crypto.PublicKey import DSA\n"
	  "rsa.generate_private_key(65537, 512)\n"
	  "rsa.generate_private_key(65537, key_size=1536)\n"
	  "rsa.generate_private_key(65537, 4096)\n"
	  "ec.generate_private_key(ec.SECP192R1)\n"
	  "DSA.generate(bits=1024)\n",
	  "B413 2:0 HIGH/HIGH The pyCrypto library and its module DSA are no longer actively maintained and have been deprecated. Consider using pyca/cryptography library.\n"
	  "B505 3:0 HIGH/HIGH RSA key sizes below 1024 bits are considered breakable. \n"
	  "B505 4:0 MEDIUM/HIGH RSA key sizes below 2048 bits are considered breakable. \n"
	  "B505 6:0 MEDIUM/HIGH EC key sizes below 224 bits are considered breakable. \n"
	  "B505 7:0 MEDIUM/HIGH DSA key sizes below 2048 bits are considered breakable. \n",
	  0, 0 },
	{ "b505_nosec",
	  "from cryptography.hazmat.primitives.asymmetric import rsa\n"
	  "rsa.generate_private_key(65537, 512)  # nosec\n"
	  "rsa.generate_private_key(65537, 512)  # nosec B505\n",
	  "",
	  1, 1 },
	{ "b506",
	  "import yaml\n"
	  "yaml.load(d)\n"
	  "yaml.load(d, Loader=yaml.SafeLoader)\n"
	  "yaml.load(d, yaml.CSafeLoader)\n"
	  "yaml.load(d, Loader=yaml.FullLoader)\n",
	  "B506 2:0 MEDIUM/HIGH Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider yaml.safe_load().\n"
	  "B506 5:0 MEDIUM/HIGH Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider yaml.safe_load().\n",
	  0, 0 },
	{ "b506_not_imported",
	  "yaml.load(d)\n",
	  "",
	  0, 0 },
	{ "b506_alias",
	  "import yaml as y\n"
	  "y.load(d)\n",
	  "B506 2:0 MEDIUM/HIGH Use of unsafe yaml load. Allows instantiation of arbitrary objects. Consider yaml.safe_load().\n",
	  0, 0 },
	{ "b506_from_import",
	  "from yaml import load\n"
	  "load(d)\n",
	  "",
	  0, 0 },
	{ "b506_nosec",
	  "import yaml\n"
	  "yaml.load(d)  # nosec\n"
	  "yaml.load(d)  # nosec B506\n",
	  "",
	  1, 1 },
	{ "b507_b601",
	  "import paramiko\n"
	  "c.set_missing_host_key_policy(paramiko.AutoAddPolicy())\n"
	  "c.set_missing_host_key_policy(paramiko.RejectPolicy())\n"
	  "c.exec_command(cmd)\n",
	  "B507 2:0 HIGH/MEDIUM Paramiko call with policy set to automatically trust the unknown host key.\n"
	  "B601 4:0 MEDIUM/MEDIUM Possible shell injection via Paramiko call, check inputs are properly sanitized.\n",
	  0, 0 },
	{ "b507_nosec",
	  "import paramiko\n"
	  "c.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # nosec\n"
	  "c.set_missing_host_key_policy(paramiko.WarningPolicy)  # nosec B507\n",
	  "",
	  1, 1 },
	{ "b508_b509",
	  "from pysnmp.hlapi import CommunityData, UsmUserData\n"
	  "CommunityData('p', mpModel=0)\n"
	  "CommunityData('p', mpModel=2)\n"
	  "UsmUserData('u')\n"
	  "UsmUserData('u', 'a', 'p')\n",
	  "B508 2:0 MEDIUM/HIGH The use of SNMPv1 and SNMPv2 is insecure. You should use SNMPv3 if able.\n"
	  "B509 4:0 MEDIUM/HIGH You should not use SNMPv3 without encryption. noAuthNoPriv & authNoPriv is insecure\n",
	  0, 0 },
	{ "b508_b509_nosec",
	  "from pysnmp.hlapi import CommunityData, UsmUserData\n"
	  "CommunityData('p', mpModel=0)  # nosec\n"
	  "CommunityData('p', mpModel=1)  # nosec B508\n"
	  "UsmUserData('u')  # nosec\n"
	  "UsmUserData('u')  # nosec B509\n",
	  "",
	  2, 2 },
	{ "b601_not_imported",
	  "c.exec_command(cmd)\n",
	  "",
	  0, 0 },
	{ "b601_nosec",
	  "import paramiko\n"
	  "c.exec_command(cmd)  # nosec\n"
	  "c.exec_command(cmd)  # nosec B601\n",
	  "",
	  1, 1 },
	{ "b603_alias",
	  "from subprocess import run as run_process\n"
	  "run_process(['/bin/ls'])\n",
	  "B404 1:0 LOW/HIGH Consider possible security implications associated with the subprocess module.\n"
	  "B603 2:0 LOW/HIGH subprocess call - check for execution of untrusted input.\n",
	  0, 0 },
	{ "b603_nosec",
	  "import subprocess\n"
	  "subprocess.run(['/bin/ls'])  # nosec\n"
	  "subprocess.run(['/bin/ls'])  # nosec B603\n",
	  "B404 1:0 LOW/HIGH Consider possible security implications associated with the subprocess module.\n",
	  1, 1 },
	{ "b604_alias",
	  "from mylib import Popen as P\n"
	  "P(cmd, shell=True)\n",
	  "B604 2:0 MEDIUM/LOW Function call with shell=True parameter identified, possible security issue.\n",
	  0, 0 },
	{ "b604_nosec",
	  "foo(cmd, shell=True)  # nosec\n"
	  "foo(cmd, shell=True)  # nosec B604\n",
	  "",
	  1, 1 },
	{ "b605_nosec",
	  "import os\n"
	  "os.system(cmd)  # nosec\n"
	  "os.system(cmd)  # nosec B605\n",
	  "",
	  1, 1 },
	{ "b606_not",
	  "import os\n"
	  "os.posix_spawn('/bin/ls', args, env)\n"
	  "os.execute(cmd)\n",
	  "",
	  0, 0 },
	{ "b606_alias",
	  "from os import execv as replace_process\n"
	  "replace_process('/bin/ls', args)\n",
	  "B606 2:0 LOW/MEDIUM Starting a process without a shell.\n",
	  0, 0 },
	{ "b606_nosec",
	  "import os\n"
	  "os.execv('/bin/ls', args)  # nosec\n"
	  "os.execv('/bin/ls', args)  # nosec B606\n",
	  "",
	  1, 1 },
	{ "b608_sql",
	  "q = 'SELECT * FROM t WHERE a = ' + x\n"
	  "cur.execute('SELECT * FROM t WHERE a = %s' % x)\n"
	  "cur.execute(f'DELETE FROM t WHERE a = {x}')\n"
	  "cur.execute('UPDATE t SET a = {}'.replace('a', x))\n",
	  "B608 1:4 MEDIUM/LOW Possible SQL injection vector through string-based query construction.\n"
	  "B608 2:12 MEDIUM/MEDIUM Possible SQL injection vector through string-based query construction.\n"
	  "B608 3:12 MEDIUM/MEDIUM Possible SQL injection vector through string-based query construction.\n"
	  "B608 4:12 MEDIUM/LOW Possible SQL injection vector through string-based query construction.\n",
	  0, 0 },
	{ "b608_not",
	  "q = 'SELECT * FROM t'\n"
	  "r = 'hello ' + x\n"
	  "cur.execute('SELECT 1')\n",
	  "",
	  0, 0 },
	{ "b608_nosec",
	  "cur.execute('SELECT * FROM t WHERE a = %s' % x)  # nosec\n"
	  "cur.execute('SELECT * FROM t WHERE a = %s' % x)  # nosec B608\n",
	  "",
	  1, 1 },
	{ "b609_wildcard",
	  "import os, subprocess\n"
	  "os.system('tar cf x.tar *')\n"
	  "subprocess.Popen(['chown', 'root', '*'], shell=True)\n"
	  "subprocess.Popen(['rsync', '*'])\n",
	  "B404 1:0 LOW/HIGH Consider possible security implications associated with the subprocess module.\n"
	  "B605 2:0 LOW/HIGH Starting a process with a shell: Seems safe, but may be changed in the future, consider rewriting without shell\n"
	  "B607 2:0 LOW/HIGH Starting a process with a partial executable path\n"
	  "B609 2:0 HIGH/MEDIUM Possible wildcard injection in call: os.system\n"
	  "B602 3:0 HIGH/HIGH subprocess call with shell=True identified, security issue.\n"
	  "B607 3:0 LOW/HIGH Starting a process with a partial executable path\n"
	  "B609 3:0 HIGH/MEDIUM Possible wildcard injection in call: subprocess.Popen\n"
	  "B603 4:0 LOW/HIGH subprocess call - check for execution of untrusted input.\n"
	  "B607 4:0 LOW/HIGH Starting a process with a partial executable path\n",
	  0, 0 },
	{ "b609_alias",
	  "from os import system as sh\n"
	  "sh('chmod 777 *')\n",
	  "B605 2:0 LOW/HIGH Starting a process with a shell: Seems safe, but may be changed in the future, consider rewriting without shell\n"
	  "B607 2:0 LOW/HIGH Starting a process with a partial executable path\n"
	  "B609 2:0 HIGH/MEDIUM Possible wildcard injection in call: os.system\n",
	  0, 0 },
	{ "b609_nosec",
	  "import os\n"
	  "os.system('/bin/chown root *')  # nosec\n"
	  "os.system('/bin/chown root *')  # nosec B609\n",
	  "B605 3:0 LOW/HIGH Starting a process with a shell: Seems safe, but may be changed in the future, consider rewriting without shell\n",
	  2, 1 },
	{ "b610_b611",
	  "from django.db.models.expressions import RawSQL\n"
	  "qs.extra(where=['a=%s' % x])\n"
	  "qs.extra(select={'a': 'b'}, where=['a=1'])\n"
	  "RawSQL(sql)\n"
	  "RawSQL('select 1', [])\n",
	  "B610 2:0 MEDIUM/MEDIUM Use of extra potential SQL attack vector.\n"
	  "B611 4:0 MEDIUM/MEDIUM Use of RawSQL potential SQL attack vector.\n",
	  0, 0 },
	{ "b610_b611_nosec",
	  "from django.db.models.expressions import RawSQL\n"
	  "qs.extra(where=[x])  # nosec\n"
	  "qs.extra(where=[x])  # nosec B610\n"
	  "RawSQL(sql)  # nosec\n"
	  "RawSQL(sql)  # nosec B611\n",
	  "",
	  2, 2 },
	{ "b612_b614",
	  "import logging.config, torch\n"
	  "logging.config.listen(9999)\n"
	  "logging.config.listen(9999, verify=v)\n"
	  "torch.load(f)\n"
	  "torch.load(f, weights_only=True)\n",
	  "B612 2:0 MEDIUM/HIGH Use of insecure logging.config.listen detected.\n"
	  "B614 4:0 MEDIUM/HIGH Use of unsafe PyTorch load\n",
	  0, 0 },
	{ "b612_nosec",
	  "import logging.config\n"
	  "logging.config.listen(9999)  # nosec\n"
	  "logging.config.listen(9999)  # nosec B612\n",
	  "",
	  1, 1 },
	{ "b615",
	  "from transformers import AutoModel\n"
	  "AutoModel.from_pretrained('bert')\n"
	  "AutoModel.from_pretrained('bert', revision='0123abcd')\n"
	  "AutoModel.from_pretrained('./local')\n",
	  "B615 2:0 MEDIUM/HIGH Unsafe Hugging Face Hub download without revision pinning in from_pretrained()\n",
	  0, 0 },
	{ "b615_nosec",
	  "from transformers import AutoModel\n"
	  "AutoModel.from_pretrained('bert')  # nosec\n"
	  "AutoModel.from_pretrained('bert')  # nosec B615\n",
	  "",
	  1, 1 },
	{ "b701_b702",
	  "import jinja2\n"
	  "from mako.template import Template\n"
	  "jinja2.Environment()\n"
	  "jinja2.Environment(autoescape=False)\n"
	  "jinja2.Environment(autoescape=x)\n"
	  "jinja2.Environment(autoescape=True)\n"
	  "Template('x')\n",
	  "B701 3:0 HIGH/HIGH By default, jinja2 sets autoescape to False. Consider using autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.\n"
	  "B701 4:0 HIGH/HIGH Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Use autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.\n"
	  "B701 5:0 HIGH/MEDIUM Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Ensure autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.\n"
	  "B702 7:0 MEDIUM/HIGH Mako templates allow HTML/JS rendering by default and are inherently open to XSS attacks. Ensure variables in all templates are properly sanitized via the 'n', 'h' or 'x' flags (depending on context). For example, to HTML escape the variable 'data' do ${ data |h }.\n",
	  0, 0 },
	{ "b701_alias",
	  "from jinja2 import Environment as Env\n"
	  "Env(autoescape=False)\n",
	  "B701 2:0 HIGH/HIGH Using jinja2 templates with autoescape=False is dangerous and can lead to XSS. Use autoescape=True or use the select_autoescape function to mitigate XSS vulnerabilities.\n",
	  0, 0 },
	{ "b701_b702_nosec",
	  "import jinja2\n"
	  "from mako.template import Template\n"
	  "jinja2.Environment()  # nosec\n"
	  "jinja2.Environment()  # nosec B701\n"
	  "Template('x')  # nosec\n"
	  "Template('x')  # nosec B702\n",
	  "",
	  2, 2 },
	{ "b702_not",
	  "from string import Template\n"
	  "Template('x')\n",
	  "",
	  0, 0 },
	{ "b703_b704",
	  "from django.utils.safestring import mark_safe\n"
	  "from markupsafe import Markup\n"
	  "def a(x):\n"
	  "    return mark_safe(x)\n"
	  "def b():\n"
	  "    y = 'safe'\n"
	  "    return mark_safe(y)\n"
	  "Markup(x)\n"
	  "Markup('x')\n",
	  "B308 4:11 MEDIUM/HIGH Use of mark_safe() may expose cross-site scripting vulnerabilities and should be reviewed.\n"
	  "B703 4:11 MEDIUM/HIGH Potential XSS on mark_safe function.\n"
	  "B308 7:11 MEDIUM/HIGH Use of mark_safe() may expose cross-site scripting vulnerabilities and should be reviewed.\n"
	  "B704 8:0 MEDIUM/HIGH Potential XSS with ``markupsafe.Markup`` detected. Do not use ``Markup`` on untrusted data.\n",
	  0, 0 },
	{ "b703_b704_nosec",
	  "from django.utils.safestring import mark_safe\n"
	  "from markupsafe import Markup\n"
	  "mark_safe(x)  # nosec\n"
	  "mark_safe(x)  # nosec B703\n"
	  "Markup(x)  # nosec\n"
	  "Markup(x)  # nosec B704\n",
	  "B308 4:0 MEDIUM/HIGH Use of mark_safe() may expose cross-site scripting vulnerabilities and should be reviewed.\n",
	  3, 2 },
	{ "b613_bidi",
	  "x = 'abc\342\200\256def'\n",
	  "B613 1:9 HIGH/MEDIUM A Python source file contains bidirectional control characters ('\\u202e').\n",
	  0, 0 },
	{ "b613_not",
	  "x = '\\u202e'\n"
	  "y = 'a\342\200\213b'\n",
	  "",
	  0, 0 },
	{ "b613_nosec",
	  "x = 'abc\342\200\256def'  # nosec\n",
	  "",
	  1, 0 },
	{ "b613_nosec_id",
	  "x = 'abc\342\200\256def'  # nosec B613\n",
	  "",
	  0, 1 },
	{ "b614_alias",
	  "import torch as t\n"
	  "t.load(f)\n",
	  "B614 2:0 MEDIUM/HIGH Use of unsafe PyTorch load\n",
	  0, 0 },
	{ "b614_from_import",
	  "from torch import load\n"
	  "load(f)\n",
	  "",
	  0, 0 },
	{ "b614_nosec",
	  "import torch\n"
	  "torch.load(f)  # nosec\n"
	  "torch.load(f)  # nosec B614\n",
	  "",
	  1, 1 },
	{ "nosec_forms",
	  "import subprocess as s  # nosec\n"
	  "s.call('ls', shell=True)  # nosec B602\n"
	  "s.call('ls', shell=True)  #nosec\n"
	  "s.call(x, shell=True)  # nosec: B602, B607\n"
	  "s.call('ls', shell=True)  # nosec B602,B607\n"
	  "s.call('ls',\n"
	  "       shell=True)  # nosec\n"
	  "s.call('ls', shell=True)  # NOSEC\n",
	  "B607 2:0 LOW/HIGH Starting a process with a partial executable path\n"
	  "B602 5:0 LOW/HIGH subprocess call with shell=True seems safe, but may be changed in the future, consider rewriting without shell\n"
	  "B602 8:0 LOW/HIGH subprocess call with shell=True seems safe, but may be changed in the future, consider rewriting without shell\n"
	  "B607 8:0 LOW/HIGH Starting a process with a partial executable path\n",
	  5, 3 },
	{ "alias_forms",
	  "from os import system as run\n"
	  "import subprocess as sp\n"
	  "from subprocess import *\n"
	  "run(cmd)\n"
	  "sp.Popen(cmd, shell=True)\n"
	  "from . import pickle\n"
	  "pickle.loads(b)\n",
	  "B404 2:0 LOW/HIGH Consider possible security implications associated with the subprocess module.\n"
	  "B404 3:0 LOW/HIGH Consider possible security implications associated with the subprocess module.\n"
	  "B605 4:0 HIGH/HIGH Starting a process with a shell, possible injection detected, security issue.\n"
	  "B602 5:0 HIGH/HIGH subprocess call with shell=True identified, security issue.\n"
	  "B403 6:0 LOW/HIGH Consider possible security implications associated with pickle module.\n"
	  "B301 7:0 MEDIUM/HIGH Pickle and modules that wrap it can be unsafe when used to deserialize untrusted data, possible security issue.\n",
	  0, 0 },
	{ "nosec_comment_after_block_not",
	  "def f(password=\"x\"):\n"
	  "    pass\n"
	  "    # nosec\n"
	  "try:\n"
	  "    pass\n"
	  "except:\n"
	  "    pass\n"
	  "    # nosec\n",
	  "B107 1:0 LOW/MEDIUM Possible hardcoded password: 'x'\n"
	  "B110 6:0 LOW/HIGH Try, Except, Pass detected.\n",
	  0, 0 },
	{ "print_shift_is_python3",
	  "import sys\n"
	  "print >> sys.stderr\n"
	  "print >>f, eval(\"x\")\n",
	  "B307 3:11 MEDIUM/HIGH Use of possibly insecure function - consider using safer ast.literal_eval.\n",
	  0, 0 },
	{ "dict_splat_keyword",
	  "import subprocess\n"
	  "subprocess.call(cmd, **{'shell': True})\n",
	  "B404 1:0 LOW/HIGH Consider possible security implications associated with the subprocess module.\n"
	  "B602 2:0 HIGH/HIGH subprocess call with shell=True identified, security issue.\n",
	  0, 0 },
};

typedef struct run_result {
	int status;
	finding_list findings;
	file_metrics metrics;
} run_result;

/* Runs the analyzer on `text` as file "t.py" with `cfg` (defaults when
 * NULL); the caller clears result->findings. */
static void run(run_result *result, const char *text, const scan_config *cfg)
{
	scan_config defaults;
	source *src = source_from_bytes("t.py", text, strlen(text));
	void *state = python_analyzer.thread_new();

	if (!cfg) {
		scan_config_init(&defaults);
		cfg = &defaults;
	}
	memset(result, 0, sizeof(*result));
	assert_non_null(state);
	result->status = python_analyzer.analyze(state, src, cfg,
						 &result->findings,
						 &result->metrics);
	finding_list_sort(&result->findings);
	python_analyzer.thread_free(state);
	source_free(src);
}

/* Formats the findings like bandit_case.expected, prefixed by the case
 * name so that a failed comparison names its case. */
static char *describe(const char *name, const finding_list *list)
{
	char *out = rm_xasprintf("%s:\n", name);

	for (size_t i = 0; i < list->count; i++) {
		const finding *f = &list->items[i];
		char *next = rm_xasprintf("%s%s %d:%d %s/%s %s\n", out, f->rule->id,
					  f->line, f->col, level_name(f->severity),
					  level_name(f->confidence), f->message);

		free(out);
		out = next;
	}
	return out;
}

static void test_bandit_table(void **unused)
{
	(void)unused;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const bandit_case *c = &cases[i];
		run_result r;
		char *actual, *expected;

		run(&r, c->source, NULL);
		assert_int_equal(r.status, 0);
		actual = describe(c->name, &r.findings);
		expected = rm_xasprintf("%s:\n%s", c->name, c->expected);
		assert_string_equal(actual, expected);
		if (r.metrics.nosec != c->nosec || r.metrics.skipped_tests != c->skipped_tests)
			fail_msg("%s: nosec %ld skipped_tests %ld, expected %ld and %ld",
				 c->name, r.metrics.nosec, r.metrics.skipped_tests,
				 c->nosec, c->skipped_tests);
		free(actual);
		free(expected);
		finding_list_clear(&r.findings);
	}
}

/* Every id of the catalog's Python rows is either run or retired, and
 * the retired ones are exactly Bandit's removed ids. */
static void test_catalog_rows(void **unused)
{
	static const char *const retired[] = {
		"B109", "B111", "B309", "B320", "B322", "B325", "B410", "B414",
	};
	size_t count, python = 0, gone = 0;
	const rule *rules = catalog_rules(&count);

	(void)unused;
	for (size_t i = 0; i < count; i++) {
		if (rules[i].target != TARGET_PYTHON)
			continue;
		python++;
		assert_non_null(rules[i].description);
		assert_non_null(rules[i].remedy);
		if (rules[i].retired)
			gone++;
		else
			assert_non_null(rules[i].stride);
	}
	for (size_t i = 0; i < sizeof(retired) / sizeof(retired[0]); i++) {
		const rule *r = catalog_find(retired[i]);

		assert_non_null(r);
		assert_true(r->retired);
	}
	assert_int_equal(gone, 8);
	/* 75 Bandit checks run, 8 retired, plus RP401. */
	assert_int_equal(python, 84);
	assert_string_equal(catalog_find("B324")->name, "hashlib");
	assert_string_equal(catalog_find("B509")->name, "snmp_crypto_check");
}

static char *write_temp(const char *suffix, const char *text)
{
	char *path = rm_xasprintf("/tmp/test_python_bandit_XXXXXX%s", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static const char options_source[] =
	"import subprocess\n"
	"assert x\n"
	"try:\n"
	"    f()\n"
	"except ValueError:\n"
	"    pass\n"
	"open('/scratch/x')\n"
	"subprocess.call(['ls'])\n";

/* Findings of options_source under a configuration file; checked
 * against `bandit -c` on the same files. */
static char *scan_with_config(const char *suffix, const char *config_text)
{
	char *path = write_temp(suffix, config_text), *out;
	bandit_config bc;
	scan_config cfg;
	run_result r;

	assert_int_equal(bandit_config_load(&bc, path), 0);
	scan_config_init(&cfg);
	cfg.plugins = &bc.plugins;
	cfg.skip = (const char **)bc.skips;
	cfg.tests = (const char **)bc.tests;
	run(&r, options_source, &cfg);
	out = describe("options", &r.findings);
	finding_list_clear(&r.findings);
	bandit_config_free(&bc);
	unlink(path);
	free(path);
	return out;
}

static void test_yaml_options(void **unused)
{
	char *got;

	(void)unused;
	got = scan_with_config(".yaml",
		"skips: [B404]\n"
		"assert_used:\n  skips: ['t.py']\n"
		"try_except_pass:\n  check_typed_exception: true\n"
		"hardcoded_tmp_directory:\n  tmp_dirs: ['/scratch']\n"
		"shell_injection:\n  subprocess: []\n  shell: []\n  no_shell: [subprocess.call]\n");
	assert_string_equal(got,
		"options:\n"
		"B110 5:0 LOW/HIGH Try, Except, Pass detected.\n"
		"B108 7:5 MEDIUM/MEDIUM Probable insecure usage of temp file/directory.\n"
		"B606 8:0 LOW/MEDIUM Starting a process without a shell.\n"
		"B607 8:0 LOW/HIGH Starting a process with a partial executable path\n");
	free(got);
}

static void test_toml_options(void **unused)
{
	char *got;

	(void)unused;
	got = scan_with_config(".toml",
		"[project]\nname = \"x\"\n\n"
		"[tool.bandit]\ntests = [\"B101\", \"B404\"]\n"
		"assert_used = { skips = [\"other.py\"] }\n");
	assert_string_equal(got,
		"options:\n"
		"B404 1:0 LOW/HIGH Consider possible security implications associated with the subprocess module.\n"
		"B101 2:0 LOW/HIGH Use of assert detected. The enclosed code will be removed when compiling to optimised byte code.\n");
	free(got);
}

static void test_bad_config(void **unused)
{
	char *path = write_temp(".yaml", "tests: B101: [\n");
	bandit_config bc;

	(void)unused;
	assert_int_equal(bandit_config_load(&bc, path), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), path));
	unlink(path);
	free(path);
	path = write_temp(".yaml", "assert_used:\n  skips: 3\n");
	assert_int_equal(bandit_config_load(&bc, path), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "assert_used.skips must be a list"));
	unlink(path);
	free(path);
	assert_int_equal(bandit_config_load(&bc, "/nonexistent/bandit.yaml"), RM_ENOTFOUND);
}

static void test_baseline_matching(void **unused)
{
	char *path = write_temp(".json",
		"{\"results\": [{\"filename\": \"t.py\", \"test_id\": \"B404\","
		" \"test_name\": \"blacklist\", \"issue_severity\": \"LOW\","
		" \"issue_confidence\": \"HIGH\", \"issue_cwe\": {\"id\": 78},"
		" \"issue_text\": \"Consider possible security implications associated with the subprocess module.\","
		" \"line_number\": 40}]}");
	baseline b;
	scan_result result;
	run_result r;

	(void)unused;
	assert_int_equal(baseline_load(&b, path), 0);
	assert_int_equal(b.count, 1);
	run(&r, "import subprocess\nimport pickle\n", NULL);
	memset(&result, 0, sizeof(result));
	result.findings = r.findings;
	/* The line differs (40 in the baseline): Bandit still matches. */
	assert_int_equal(baseline_filter(&result, &b), 1);
	assert_int_equal(result.findings.count, 1);
	assert_string_equal(result.findings.items[0].rule->id, "B403");
	finding_list_clear(&result.findings);
	baseline_free(&b);
	unlink(path);
	free(path);
	path = write_temp(".json", "[1, 2]");
	assert_int_equal(baseline_load(&b, path), RM_EINVALID);
	unlink(path);
	free(path);
}

/* Loads `text` as a config file with name suffix `suffix` and returns
 * the error code; the message stays in rm_error_last(). */
static int load_config_text(const char *suffix, const char *text)
{
	char *path = write_temp(suffix, text);
	bandit_config bc;
	int error = bandit_config_load(&bc, path);

	if (error == RM_OK)
		bandit_config_free(&bc);
	unlink(path);
	free(path);
	return error;
}

/* Returns `before`, then `open` `count` times, then `close` `count`
 * times, then `after`; the caller frees it. */
static char *nested(const char *before, const char *open, const char *close,
		    size_t count, const char *after)
{
	size_t open_len = strlen(open), close_len = strlen(close);
	char *text = rm_xmalloc(strlen(before) + count * (open_len + close_len) +
				strlen(after) + 1);
	char *p = stpcpy(text, before);

	for (size_t i = 0; i < count; i++)
		p = stpcpy(p, open);
	for (size_t i = 0; i < count; i++)
		p = stpcpy(p, close);
	strcpy(p, after);
	return text;
}

static void test_config_toml_depth(void **unused)
{
	char *text;

	(void)unused;
	/* 100,000 nested arrays overflowed the stack of the TOML reader. */
	text = nested("[tool.bandit]\nskips = ", "[", "]", 100000, "\n");
	assert_int_equal(load_config_text(".toml", text), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "': nested deeper than 64 levels at line 2"));
	free(text);
	text = nested("[tool.bandit]\nx = ", "{a = ", "}", 50000, "\n");
	assert_int_equal(load_config_text(".toml", text), RM_EINVALID);
	free(text);
	text = nested("tool.bandit.x = ", "[", "]", 65, "\n");
	assert_int_equal(load_config_text(".toml", text), RM_EINVALID);
	free(text);
	text = nested("[tool.bandit]\nx = ", "[", "]", 64, "\n");
	assert_int_equal(load_config_text(".toml", text), RM_OK);
	free(text);

	/* Tables other than tool.bandit are not converted at all. */
	text = nested("[other]\nskips = ", "[", "]", 100000, "\n[tool.bandit]\nskips = [\"B101\"]\n");
	assert_int_equal(load_config_text(".toml", text), RM_OK);
	free(text);
	text = nested("tool.other = ", "[", "]", 100000, "\n");
	assert_int_equal(load_config_text(".toml", text), RM_OK);
	free(text);
}

static void test_config_toml_errors(void **unused)
{
	(void)unused;
	/* A missing value inside inline tables was reported at line 0. */
	assert_int_equal(load_config_text(".toml", "[tool.bandit]\nx = {a={a=}}\n"), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "TOML syntax error at line 2"));
	assert_int_equal(load_config_text(".toml", "[tool.bandit]\n\nskips = [\"B101\",\n"), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "TOML syntax error at line 3"));
}

static void test_config_yaml_depth(void **unused)
{
	char *text;

	(void)unused;
	/* The root mapping and 63 lists make 64 levels. */
	text = nested("x: ", "[", "]", 63, "\n");
	assert_int_equal(load_config_text(".yaml", text), RM_OK);
	free(text);
	text = nested("skips: ", "[", "]", 64, "\n");
	assert_int_equal(load_config_text(".yaml", text), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "': nested deeper than 64 levels at line 1"));
	free(text);
	text = nested("skips: ", "[", "]", 200000, "\n");
	assert_int_equal(load_config_text(".yaml", text), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "nested deeper than 64 levels"));
	free(text);
	/* An alias inside its own anchor makes a cycle in libyaml's document. */
	assert_int_equal(load_config_text(".yaml", "a: &a [x, *a]\n"), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "nested deeper than 64 levels"));
}

static void test_config_yaml_aliases(void **unused)
{
	char *path = write_temp(".yaml", "base: &ids [B101, B404]\nskips: *ids\n");
	bandit_config bc;

	(void)unused;
	assert_int_equal(bandit_config_load(&bc, path), RM_OK);
	assert_string_equal(bc.skips[0], "B101");
	assert_string_equal(bc.skips[1], "B404");
	assert_null(bc.skips[2]);
	bandit_config_free(&bc);
	unlink(path);
	free(path);

	/* Aliases that expand to 10^8 strings. */
	assert_int_equal(bandit_config_load(&bc, "tests/fixtures/hostile/laughs.yaml"), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "aliases expand to more than"));
	assert_non_null(strstr(rm_error_last(), "possible alias bomb"));
}

static void test_config_yaml_documents(void **unused)
{
	(void)unused;
	assert_int_equal(load_config_text(".yaml", "skips: [B101]\n---\nskips: [B102]\n"), RM_EINVALID);
	assert_non_null(strstr(rm_error_last(), "line 2: a second YAML document"));
	assert_int_equal(load_config_text(".yaml", "---\nskips: [B101]\n...\n"), RM_OK);
	assert_int_equal(load_config_text(".yaml", ""), RM_OK);
}

static void test_config_not_regular(void **unused)
{
	char path[] = "/tmp/test_python_bandit_XXXXXX";
	char *fifo;
	bandit_config bc;
	baseline b;

	(void)unused;
	assert_non_null(mkdtemp(path));
	fifo = rm_xasprintf("%s/fifo.yaml", path);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* A FIFO without a writer would block a plain open. */
	assert_int_equal(bandit_config_load(&bc, fifo), RM_EIO);
	assert_non_null(strstr(rm_error_last(), "fifo.yaml': not a regular file"));
	assert_int_equal(baseline_load(&b, fifo), RM_EIO);
	assert_int_equal(bandit_config_load(&bc, path), RM_EIO);
	assert_non_null(strstr(rm_error_last(), "not a regular file"));
	unlink(fifo);
	rmdir(path);
	free(fifo);
}

/* The JSON writer writes each invalid byte as U+FFFD, so a baseline read
 * back from it matches the finding of a file whose name is not UTF-8. */
static void test_baseline_invalid_bytes(void **unused)
{
	const rule *b404 = catalog_find("B404");
	baseline_entry entry = {
		.filename = "bad\xef\xbf\xbdname.py", .test_id = "B404",
		.test_name = "blacklist", .text = "x \xef\xbf\xbd\xef\xbf\xbd y",
		.severity = LEVEL_LOW, .confidence = LEVEL_HIGH, .cwe = 78,
	};
	finding f = {
		.rule = b404, .severity = LEVEL_LOW, .confidence = LEVEL_HIGH,
		.path = "bad\xffname.py", .message = "x \xc3\xff y",
	};

	(void)unused;
	assert_non_null(b404);
	assert_true(baseline_matches(&entry, &f));
	/* U+FFFD stands for one byte: two invalid bytes need two. */
	f.path = "bad\xff\xffname.py";
	assert_false(baseline_matches(&entry, &f));
	f.path = "bad\xffname.py";
	f.message = "x \xc3 y";
	assert_false(baseline_matches(&entry, &f));
	f.message = "x \xc3\xff y";
	entry.filename = "badname.py";
	assert_false(baseline_matches(&entry, &f));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bandit_table),
		cmocka_unit_test(test_catalog_rows),
		cmocka_unit_test(test_yaml_options),
		cmocka_unit_test(test_toml_options),
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_baseline_matching),
		cmocka_unit_test(test_config_toml_depth),
		cmocka_unit_test(test_config_toml_errors),
		cmocka_unit_test(test_config_yaml_depth),
		cmocka_unit_test(test_config_yaml_aliases),
		cmocka_unit_test(test_config_yaml_documents),
		cmocka_unit_test(test_config_not_regular),
		cmocka_unit_test(test_baseline_invalid_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
