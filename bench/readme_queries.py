"""Prints a Lua table of request bodies: every GraphQL operation in the
README's graphql blocks, with $group bound to argv[2]."""
import json
import re
import sys

readme = open(sys.argv[1], encoding="utf-8").read()
group = sys.argv[2]
bodies = []
for block in re.findall(r"```graphql\n(.*?)```", readme, re.S):
    # A block may hold several operations, each starting at column 0.
    for operation in re.split(r"\n(?=\{|query)", block.strip()):
        body = {"query": operation}
        if "$group" in operation:
            body["variables"] = {"group": group}
        bodies.append(json.dumps(body))
print("return {")
for body in bodies:
    print("  [==[" + body + "]==],")
print("}")
