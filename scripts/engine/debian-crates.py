#!/usr/bin/env python3
"""Unpack the crates a list of Debian librust-*-dev packages installs, without
apt or Docker, so a fixture's Cargo.lock can be regenerated and built on a
host whose own Debian release is a different one.

    scripts/engine/debian-crates.py --suite trixie --dest /tmp/trixie-crates \\
        test/engine/fixtures/task-service/debian-crates.txt

It reads the suite's Packages indices (SUITE, SUITE-updates, SUITE-security;
main, one architecture) from the machine's configured Debian mirrors, resolves
the dependency closure the way `apt-get install --no-install-recommends` does
for these packages (newest version across the indices; Depends and
Pre-Depends with alternatives, version constraints and Provides), downloads
the librust-* packages of the closure and unpacks them with dpkg-deb into
DEST/root. Then, in the fixture directory:

    cargo --config 'source.debian.directory="DEST/root/usr/share/cargo/registry"' \\
        generate-lockfile --offline

The closure is printed to DEST/closure.txt. Non-Rust packages of the closure
(dpkg-dev, zlib1g-dev, ...) are listed there but not unpacked.
"""
import argparse
import glob
import lzma
import os
import re
import subprocess
import sys
import urllib.request


# --- Debian version comparison (deb-version(7)) ------------------------------

def _order(c):
    if c == '~':
        return -1
    if c.isdigit():
        return 0
    if c.isalpha():
        return ord(c)
    return ord(c) + 256


def _cmp_part(a, b):
    i = j = 0
    while i < len(a) or j < len(b):
        while (i < len(a) and not a[i].isdigit()) or (j < len(b) and not b[j].isdigit()):
            ac = _order(a[i]) if i < len(a) and not a[i].isdigit() else 0
            bc = _order(b[j]) if j < len(b) and not b[j].isdigit() else 0
            if ac != bc:
                return ac - bc
            i += 1
            j += 1
        da = re.match(r'\d*', a[i:]).group()
        db = re.match(r'\d*', b[j:]).group()
        i += len(da)
        j += len(db)
        if int(da or 0) != int(db or 0):
            return int(da or 0) - int(db or 0)
    return 0


def version_cmp(a, b):
    def split(v):
        epoch, rest = v.split(':', 1) if ':' in v else ('0', v)
        up, _, rev = rest.rpartition('-') if '-' in rest else (rest, '', '')
        return int(epoch), up, rev
    ea, ua, ra = split(a)
    eb, ub, rb = split(b)
    return (ea - eb) or _cmp_part(ua, ub) or _cmp_part(ra, rb)


def satisfies(version, op, want):
    if op is None:
        return True
    c = version_cmp(version, want)
    return {'<<': c < 0, '<=': c <= 0, '=': c == 0, '>=': c >= 0, '>>': c > 0}[op]


# --- Packages indices ---------------------------------------------------------

RELATION = re.compile(r'^\s*([^\s(]+)\s*(?:\(\s*(<<|<=|=|>=|>>)\s*([^)\s]+)\s*\))?\s*$')


def parse_relations(text):
    """'a (>= 1) | b, c' -> [[('a', '>=', '1'), ('b', None, None)], [('c', None, None)]]"""
    out = []
    for clause in filter(str.strip, text.split(',')):
        alternatives = []
        for alt in clause.split('|'):
            m = RELATION.match(re.sub(r'\[.*?\]|<.*?>', '', alt))
            if not m:
                raise ValueError(f'cannot parse the relation {alt!r}')
            alternatives.append((m.group(1).split(':')[0], m.group(2), m.group(3)))
        out.append(alternatives)
    return out


def parse_index(text):
    for stanza in text.split('\n\n'):
        fields, key = {}, None
        for line in stanza.splitlines():
            if line[:1] in (' ', '\t') and key:
                fields[key] += '\n' + line
            elif ':' in line:
                key, _, value = line.partition(':')
                fields[key] = value.strip()
        if 'Package' in fields:
            yield fields


def machine_mirrors():
    """(archive, security) URIs from the machine's Debian apt sources."""
    archive = security = None
    for path in sorted(glob.glob('/etc/apt/sources.list.d/*.sources')):
        for stanza in open(path, encoding='utf-8').read().split('\n\n'):
            fields = dict(re.findall(r'^(URIs|Suites|Enabled):[ \t]*(.*)$', stanza, re.M))
            if 'URIs' not in fields or fields.get('Enabled', 'yes').strip() == 'no':
                continue
            uri, suites = fields['URIs'].split()[0], fields.get('Suites', '').split()
            if not re.search(r'debian', uri):
                continue
            if any(s.endswith('-security') for s in suites):
                security = security or uri
            else:
                archive = archive or uri
    for path in ['/etc/apt/sources.list'] + sorted(glob.glob('/etc/apt/sources.list.d/*.list')):
        if not os.path.exists(path):
            continue
        for m in re.finditer(r'^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)', open(path, encoding='utf-8').read(), re.M):
            uri, suite = m.groups()
            if 'debian' in uri:
                if suite.endswith('-security'):
                    security = security or uri
                else:
                    archive = archive or uri
    return archive, security


def fetch(url, path):
    if not os.path.exists(path):
        tmp = path + '.part'
        with urllib.request.urlopen(url) as response, open(tmp, 'wb') as out:
            out.write(response.read())
        os.replace(tmp, path)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('list', help='file with one package a line; # starts a comment')
    parser.add_argument('--suite', default='trixie')
    parser.add_argument('--arch', default='amd64')
    parser.add_argument('--dest', required=True, help='work directory (indices, .debs, root/)')
    parser.add_argument('--mirror', help="Debian archive URI (default: the machine's apt sources)")
    parser.add_argument('--security-mirror', help="Debian security URI (default: the machine's apt sources)")
    args = parser.parse_args()

    archive, security = machine_mirrors()
    archive, security = args.mirror or archive, args.security_mirror or security
    if not archive or not security:
        sys.exit('debian-crates: no Debian archive/security URI in the apt sources; pass --mirror and --security-mirror')
    roots = [line.split('#')[0].strip() for line in open(args.list, encoding='utf-8')]
    roots = [r for r in roots if r]

    os.makedirs(os.path.join(args.dest, 'debs'), exist_ok=True)
    best = {}  # package name -> (fields, base URI); the newest version wins, as with apt
    for base, suite in [(archive, args.suite), (archive, args.suite + '-updates'), (security, args.suite + '-security')]:
        url = f'{base}/dists/{suite}/main/binary-{args.arch}/Packages.xz'
        path = fetch(url, os.path.join(args.dest, f'{suite}_{args.arch}_Packages.xz'))
        for p in parse_index(lzma.open(path, 'rt', encoding='utf-8').read()):
            current = best.get(p['Package'])
            if current is None or version_cmp(p['Version'], current[0]['Version']) > 0:
                best[p['Package']] = (p, base)
    provides = {}
    for p, _ in best.values():
        for (name, _, version), *_ in parse_relations(p.get('Provides', '')):
            provides.setdefault(name, []).append((p['Package'], version))

    def candidates(name, op, want):
        out = [name] if name in best and satisfies(best[name][0]['Version'], op, want) else []
        out += [q for q, v in provides.get(name, []) if op is None or (v is not None and satisfies(v, op, want))]
        return out

    chosen, queue, unsatisfied = {}, list(roots), []
    for r in roots:
        if r not in best:
            sys.exit(f'debian-crates: {r} is not in {args.suite} ({args.arch})')
    while queue:
        name = queue.pop()
        if name in chosen:
            continue
        chosen[name] = best[name]
        fields = best[name][0]
        for alternatives in parse_relations(fields.get('Pre-Depends', '')) + parse_relations(fields.get('Depends', '')):
            if any(c in chosen or c in queue for a in alternatives for c in candidates(*a)):
                continue
            first = next((c for a in alternatives for c in candidates(*a)[:1]), None)
            if first is None:
                unsatisfied.append(f'{name}: {alternatives}')
            else:
                queue.append(first)
    if unsatisfied:
        sys.exit('debian-crates: unsatisfiable dependencies:\n  ' + '\n  '.join(unsatisfied))

    with open(os.path.join(args.dest, 'closure.txt'), 'w', encoding='utf-8') as out:
        for name in sorted(chosen):
            out.write(f"{name} {chosen[name][0]['Version']}\n")
    root = os.path.join(args.dest, 'root')
    rust = sorted(n for n in chosen if n.startswith('librust-'))
    for name in rust:
        fields, base = chosen[name]
        deb = fetch(f"{base}/{fields['Filename']}", os.path.join(args.dest, 'debs', os.path.basename(fields['Filename'])))
        subprocess.run(['dpkg-deb', '-x', deb, root], check=True)
    registry = os.path.join(os.path.abspath(root), 'usr/share/cargo/registry')
    print(f'{len(chosen)} packages in the closure ({len(rust)} librust-*), '
          f'{len(os.listdir(registry))} crates in {registry}', file=sys.stderr)
    print(registry)


if __name__ == '__main__':
    main()
