#!/usr/bin/python3
"""Generate calc_cases.txt, the fixture that test_calc checks calc_eval against.

Run once with Debian's interpreter (the one Flask runs on) and commit the output:

    /usr/bin/python3 tests/runtime/gen_calc_cases.py > tests/runtime/calc_cases.txt

Each line is EXPR TAB PYTHON [TAB reject].  PYTHON is str(eval(EXPR)), or
"!" and the exception name when eval raises.  The third column marks valid
Python that calc deliberately rejects (ints beyond 64 bits, complex
results, operators outside the arithmetic subset); test_calc expects an
error there.  Tabs, newlines, carriage returns, form feeds, NUL bytes and backslashes
in EXPR are written as \\t \\n \\r \\f \\0 \\\\.
"""
import itertools
import random
import sys

INT64_MIN, INT64_MAX = -2**63, 2**63 - 1

HAND_WRITTEN = [
    # examples from the port's specification
    "1+1", "7/2", "6/3", "-7//2", "-7%2", "-2**2", "2**-1", "0.1+0.2", "1e16",
    "2.0", "1e308*10", "1/0", "1//0", "1%0", "1.0/0", "1.0//0.0", "1.0%0",
    "0**-1", "0.0**-1", "2.0**1024", "10**100", "2**63", "2**62*2", "-2**63",
    "(-2)**63", "(-2)**64", "9223372036854775807+1", "-9223372036854775807-1",
    "-9223372036854775807-2", "9223372036854775807*2", "(-9223372036854775807-1)//-1",
    "(-9223372036854775807-1)%-1", "(-9223372036854775807-1)*-1", "-(-9223372036854775807-1)",
    "3037000499**2", "3037000500**2", "1**9223372036854775807", "(-1)**9223372036854775807",
    "0**0", "0.0**0", "0**0.0", "2**62", "(-3)**39", "(-3)**40", "7**22", "7**23",
    # precedence and associativity
    "2+3*4", "(2+3)*4", "2*3+4", "2-3-4", "2-(3-4)", "2**3**2", "(2**3)**2",
    "2**-2**2", "-2**-2", "--1", "-+-1", "+-+-2", "2*-3", "2--3", "-(2)**2",
    "(-2)**2", "2**-1**2", "1-2*3**2/4//5%6", "8/2/2", "8//3//2", "100%7%3",
    "2*3%4", "2%3*4", "(((((1)))))", "((1+2)*(3+4))**2", "-(-(-(1)))",
    "2 ** 3", "2** -3", "10 - - 10", "1 + 2 * 3 - 4 / 5 // 6 % 7 ** 2",
    # floor division and modulo signs, ints and floats
    "7//2", "-7//2", "7//-2", "-7//-2", "7%2", "-7%2", "7%-2", "-7%-2",
    "7.0//2", "-7.0//2", "7.0//-2", "-7.0//-2", "7.0%2", "-7.0%2", "7.0%-2", "-7.0%-2",
    "7.5//2", "-7.5//2", "7.5%2", "-7.5%2", "7.5%-2", "0.0%-1", "-0.0%1",
    "-0.0//1", "0.0//-1", "6//3", "-6//3", "6%3", "-6%3", "6%-3", "1e300%3",
    "5%0.3", "-5%0.3", "5//0.3", "1e-300//1e-310", "0.1%0.01", "3.3//1.1",
    # true division
    "1/3", "2/3", "-1/3", "1/7", "10/4", "-10/4", "0/5", "0/-5", "9007199254740993/1",
    "9223372036854775807/3", "9223372036854775807/9223372036854775806",
    "-9223372036854775807/2", "9007199254740993/9007199254740992",
    "18014398509481985/2", "1/9223372036854775807", "123456789123456789/1000",
    # powers
    "2**0.5", "2**-0.5", "10**-1", "10**-2", "10**-400", "2**-1074", "2**-1075",
    "2**1023*2", "2.0**1023", "1.5**1000", "1.5**2000", "(-1.5)**2001", "0.5**2000",
    "(-8)**(1/3)", "(-8)**2", "(-8.0)**3", "(-2)**-1", "(-2)**-2", "1**-1",
    "(-1)**-3", "4**0.5", "1e308**2", "(-1e308)**3", "1e-308**2", "2**62**1",
    "1e999**0", "1**1e999", "2**1e999", "0.5**1e999", "2**-1e999", "(-2)**1e999",
    "1e999**-1", "(-1e999)**3", "(-1e999)**2", "(-1e999)**0.5", "(-1e999)**-3",
    "(1e999-1e999)**0", "1**(1e999-1e999)", "(1e999-1e999)**1", "0.0**0.5",
    "(-0.0)**3", "(-0.0)**2", "(-0.0)**-1",
    # literals
    "0", "00", "0_0", "007", "1_000", "1__0", "1_", "_1", "1_000.000_1", "1_0e1_0",
    "0x1f", "0X1F", "0x_1f", "0o17", "0O17", "0b101", "0B1_01", "0x", "0b2", "0o8",
    "0x7fffffffffffffff", "0x8000000000000000", "1.", ".5", "1.e5", ".5e-3", "1E5",
    "1e+5", "1e-5", "1e", "1e+", "1.5e", "01.5", "01e1", "1.2.3", "1..2", "1._5",
    "1e999", "-1e999", "1e-999", "9223372036854775807", "9223372036854775808",
    "99999999999999999999", "1j", "2J", "1.5j", "0.1", "0.3", "1/3*3",
    "123456789012345678.0", "1e15", "1e16", "1e17", "1e22", "1e23", "0.0001", "0.00001",
    "0.001", "123.456", "-0.0", "0.0*-1", "5e-324", "1.7976931348623157e308",
    "2.2250738585072014e-308", "4.9e-324", "1e21", "999999999999999.9",
    "9999999999999998.0", "0.1+0.7", "1.1*3", "100.0", "1234567890123456.0",
    "12345678901234567.0", "1e-4", "1.5e-5", "1e300*1e10", "-1e300*1e10",
    "1e999-1e999", "-(1e999-1e999)", "1e999*0", "1e999/1e999", "1e999//1",
    "1e999%1", "1//1e999", "-1//1e999", "1%1e999", "-1%1e999", "1e999+1",
    # whitespace
    " 1+1", "\t1", "1+1 ", "1 +\t1", "1\f+1", "\f1", "1+1\n", "1+1\r\n", "1\n\n",
    "(1+\n1)", "( 1\n+\n2 )", "1+\n1", "1 \n ", "1\r2", "\n1", "\n 1", " \n 1",
    # not arithmetic: calc must raise an error
    "", " ", "(", ")", "()", "(1", "1)", "1+", "*1", "1*", "1 2", "1**", "**2",
    "1 * * 2", "1 / / 2", "1+*2", "abc", "x+1", "__import__('os')",
    "__import__('os').system('id')", "open('/etc/passwd').read()", "'a'", '"a"',
    "'a'*3", "1,2", "(1,2)", "[1]", "{}", "1;2", "1 # comment", "1\\\n+1",
    "(lambda: 1)()", "print(1)", "abs(-1)", "int('1')", "1 .real", "(1).real",
    "True", "None", "1 if 1 else 2", "1<2", "1==1", "not 1", "1 and 2", "1 or 2",
    "~1", "1&3", "1|2", "1^3", "1<<2", "8>>1", "1@1", "$1", "1!", "1=1", "a=1",
    "\u00e9", "\uff11+1", "-9223372036854775808", "1\x00",
]

# Valid Python that calc rejects by design: operators and keywords outside
# the arithmetic subset, and forms listed as NOTE in calc.c.
REJECTED_BY_DESIGN = {
    "True", "None", "1 if 1 else 2", "1<2", "1==1", "not 1", "1 and 2",
    "1 or 2", "~1", "1&3", "1|2", "1^3", "1<<2", "8>>1", "(1,2)", "1,2",
    "1 .real", "(1).real", "'a'", '"a"', "'a'*3",
    "[1]", "{}", "1 # comment", "1\\\n+1", "(lambda: 1)()", "\n1", "1.5j", "1j",
    "2J", "(-8)**(1/3)", "-9223372036854775808", "-2**63", "()",
}


def systematic():
    """Every operator on a grid of int and float operands."""
    operands = ["0", "1", "-1", "2", "-3", "7", "-7", "0.0", "-0.0", "2.5", "-2.5",
                "0.1", "1e308", "1e999", "(1e999-1e999)", "9223372036854775807"]
    operators = ["+", "-", "*", "/", "//", "%", "**"]
    # int bases whose power 9223372036854775807 has about 10**18 digits
    HUGE_POWER_BASES = {"2", "-3", "7", "-7", "9223372036854775807"}
    for a, op, b in itertools.product(operands, operators, operands):
        if op == "**" and b == "9223372036854775807" and a in HUGE_POWER_BASES:
            continue  # a result of 10**18 digits: test_calc checks these itself
        yield f"({a}){op}({b})" if a.startswith("-") else f"{a}{op}({b})"


def randomized(rng):
    """Random floats (printing) and random int quotients (rounding)."""
    for _ in range(150):
        bits = rng.getrandbits(64)
        value = float.fromhex(f"{rng.choice('+-')}0x1.{bits & (2**52 - 1):013x}p{rng.randint(-1022, 1023)}")
        yield repr(value)
    for _ in range(60):
        yield repr(rng.uniform(-1000, 1000))
    for _ in range(100):
        a = rng.randint(-2**63 + 1, 2**63 - 1) >> rng.randint(0, 62)
        b = rng.randint(1, 2**63 - 1) >> rng.randint(0, 62)
        yield f"{a}/{b or 1}"
    for _ in range(40):
        a, b = rng.uniform(-1e6, 1e6), rng.uniform(-1e3, 1e3)
        yield f"{a!r}//{b!r}"
        yield f"{a!r}%{b!r}"


def python_result(expr):
    """Return (column 2, reject flag) for one expression."""
    try:
        # no builtins: __import__, open and print raise NameError, never run
        value = eval(expr, {"__builtins__": {}})
    except Exception as error:
        return "!" + type(error).__name__, False
    if isinstance(value, complex) or (isinstance(value, int) and not isinstance(value, bool)
                                      and not INT64_MIN <= value <= INT64_MAX):
        return str(value) if abs(value) < 10**60 else "<big>", True
    return str(value), expr in REJECTED_BY_DESIGN


def escape(text):
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r").replace("\f", "\\f").replace("\0", "\\0"))


def main():
    rng = random.Random(20240611)
    seen = set()
    for expr in itertools.chain(HAND_WRITTEN, systematic(), randomized(rng)):
        if expr in seen:
            continue
        seen.add(expr)
        result, reject = python_result(expr)
        line = f"{escape(expr)}\t{escape(result)}"
        if reject:
            line += "\treject"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
