#!/usr/bin/env python3
"""check_docs.py SOURCE_DIR ENGINESIM: the user guide tells the truth about the
tree. Every repository path that docs/*.md and README.md name (in inline code,
code blocks or links) exists, and every `enginesim <command> ...` line they
show names a real command and only options that `enginesim <command> --help`
lists. Prints each problem as FILE:LINE: what; exits 1 when there is any."""
import glob
import os
import re
import subprocess
import sys

SOURCE, ENGINESIM = sys.argv[1], sys.argv[2]

# Top-level entries of the repository: a word that starts with one of these
# (followed by '/'), or is a root file, is taken for a path of this tree.
ROOT = sorted(e for e in os.listdir(SOURCE) if e not in ('.git', 'build'))
ROOT_DIRS = [e for e in ROOT if os.path.isdir(os.path.join(SOURCE, e))]
ROOT_FILES = [e for e in ROOT if os.path.isfile(os.path.join(SOURCE, e))]

CODE_SPAN = re.compile(r'`([^`\n]+)`')
LINK = re.compile(r'\]\(([^)\s]+)\)')
# Placeholders and things that are not literal paths.
NOT_LITERAL = re.compile(r'[<>{}$|]|\.\.\.|XXXX')


def doc_files():
    return sorted(glob.glob(os.path.join(SOURCE, 'docs', '*.md'))) + [os.path.join(SOURCE, 'README.md')]


def looks_like_repo_path(word):
    if word in ROOT_FILES:
        return True
    return any(word.startswith(d + '/') for d in ROOT_DIRS)


def path_exists(word):
    path = os.path.join(SOURCE, word.split('#')[0].rstrip('/'))
    if any(c in word for c in '*?['):
        return bool(glob.glob(path))
    return os.path.exists(path)


def words_of(text):
    for raw in re.split(r'[\s=,;()"\']+', text):
        word = raw.rstrip('.:')
        if word and not NOT_LITERAL.search(word):
            yield word


def lines_with_code(path):
    """(line number, text, in a fenced block) for every line of the file."""
    fenced = False
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            if line.lstrip().startswith('```'):
                fenced = not fenced
                continue
            yield number, line.rstrip('\n'), fenced


def check_paths(path, problems):
    for number, line, fenced in lines_with_code(path):
        spans = [line] if fenced else CODE_SPAN.findall(line)
        for span in spans:
            for word in words_of(span):
                # "path:12" or "path:symbol" points into a file.
                word = re.sub(r':[\w.]+$', '', word)
                if looks_like_repo_path(word) and not path_exists(word):
                    problems.append(f'{path}:{number}: names `{word}`, which is not in the tree')
        if fenced:
            continue
        for target in LINK.findall(line):
            if re.match(r'^[a-z]+:', target) or target.startswith('#'):
                continue  # a URL or an anchor in the same page
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), target.split('#')[0]))
            if not os.path.exists(resolved):
                problems.append(f'{path}:{number}: links to {target}, which does not exist')


HELP_CACHE = {}


def options_of(command):
    """The options `enginesim COMMAND --help` lists, or None: no such command."""
    if command not in HELP_CACHE:
        r = subprocess.run([ENGINESIM, command, '--help'], capture_output=True, text=True)
        if r.returncode != 0:
            HELP_CACHE[command] = None
        else:
            usage = r.stdout + r.stderr
            HELP_CACHE[command] = set(re.findall(r'(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])\b', usage)) | {'--help'}
    return HELP_CACHE[command]


ENGINESIM_CALL = re.compile(r'(?:^|[\s/`$])enginesim\s+([a-z][a-z-]*)((?:[^`\n])*)')


def command_lines(path):
    """(line number, command text) for every enginesim command shown, with
    backslash continuations joined."""
    pending = None
    for number, line, fenced in lines_with_code(path):
        texts = [line] if fenced else CODE_SPAN.findall(line)
        if pending is not None:
            start, text = pending
            text += ' ' + line.strip()
            if fenced and line.rstrip().endswith('\\'):
                pending = (start, text[:-1])
                continue
            pending = None
            yield start, text
            continue
        for t in texts:
            if fenced and t.rstrip().endswith('\\') and 'enginesim' in t:
                pending = (number, t.rstrip()[:-1])
                break
            yield number, t


def check_commands(path, problems):
    for number, text in command_lines(path):
        for m in ENGINESIM_CALL.finditer(text):
            command, rest = m.group(1), m.group(2)
            # Prose such as "enginesim and ..." or a CMake target: only words
            # that name a command or look like one followed by options count.
            options = options_of(command)
            if options is None:
                if rest.strip().startswith('-') or command in ('conform', 'explorer'):
                    problems.append(f'{path}:{number}: `enginesim {command}` is no command')
                continue
            for opt in re.findall(r'(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?=[\s=]|$)', rest):
                if opt not in options:
                    problems.append(f'{path}:{number}: `enginesim {command}` has no option {opt}')
            # A following command on the same line (&&, ;, |) is its own.


def main():
    problems = []
    for path in doc_files():
        check_paths(path, problems)
        check_commands(path, problems)
    for p in problems:
        print(os.path.relpath(p, SOURCE) if p.startswith(SOURCE) else p)
    if problems:
        print(f'{len(problems)} problem(s) in the docs')
        return 1
    print(f'ok: {len(doc_files())} documents, every repo path exists and every enginesim command parses')
    return 0


if __name__ == '__main__':
    sys.exit(main())
