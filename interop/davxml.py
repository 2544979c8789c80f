#!/usr/bin/python3
"""Assertions on a WebDAV 207 multistatus body, as the clients read it (SPECS 4.2, 5.1, 5.3).

usage: davxml.py FILE [assertion...]
  --first-href PATH        the first <response>'s href, percent-decoded, equals PATH (trailing slash ignored)
  --first-collection       the first <response> has <resourcetype><collection/>
  --first-file             the first <response> has an empty resourcetype
  --prop NAME              the first <response> has DAV: property NAME in a 200 propstat
  --prop-eq NAME VALUE     ... and its text equals VALUE
  --prop-int NAME          ... and its text is a non-negative decimal integer
  --rucio-quota            Rucio webdav.py get_space_usage: multistatus/response[0]/child[1]/child[0] (first propstat's
                           prop, directly after href) holds quota-used-bytes as an integer
  --hrefs-absolute         every href is an absolute path (starts with '/', no scheme or host)
  --has-href PATH          some response's href, percent-decoded, equals PATH (trailing slash ignored)
  --href-verbatim PATH     some response's href equals PATH byte for byte (Rucio stat compares unencoded paths)
Prints the responses it saw; exits 1 with a reason on the first failed assertion.
"""
import sys
import urllib.parse
import xml.etree.ElementTree as ET

D = '{DAV:}'


def fail(msg):
    print('DAV XML CHECK FAILED: ' + msg)
    sys.exit(1)


def norm(p):
    p = urllib.parse.unquote(p)
    return p.rstrip('/') or '/'


def ok_props(resp):
    """Properties from propstats whose status is 200."""
    props = {}
    for ps in resp.findall(D + 'propstat'):
        st = ps.findtext(D + 'status') or ''
        if ' 200' not in st:
            continue
        for prop in ps.findall(D + 'prop'):
            for p in prop:
                props[p.tag] = p
    return props


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    data = open(argv[1], 'rb').read()
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        fail('body is not well-formed XML: %s' % e)
    if root.tag != D + 'multistatus':
        fail('root element is %s, not DAV:multistatus' % root.tag)
    responses = root.findall(D + 'response')
    if not responses:
        fail('no DAV:response elements')
    hrefs = [(r.findtext(D + 'href') or '').strip() for r in responses]
    print('responses: %d; hrefs: %s' % (len(responses), hrefs[:10]))
    first = responses[0]
    props = ok_props(first)
    print('first response 200-props: %s' % sorted(k.replace(D, 'D:') for k in props))
    args = argv[2:]
    i = 0
    while i < len(args):
        a = args[i]
        if a == '--first-href':
            i += 1
            if norm(hrefs[0]) != norm(args[i]):
                fail('first href is %r, expected %r' % (hrefs[0], args[i]))
        elif a == '--first-collection':
            rt = props.get(D + 'resourcetype')
            if rt is None or rt.find(D + 'collection') is None:
                fail('first response is not a collection (resourcetype %r)' %
                     (None if rt is None else ET.tostring(rt)))
        elif a == '--first-file':
            rt = props.get(D + 'resourcetype')
            if rt is not None and rt.find(D + 'collection') is not None:
                fail('first response is a collection, expected a file')
        elif a in ('--prop', '--prop-eq', '--prop-int'):
            i += 1
            name = args[i]
            p = props.get(D + name)
            if p is None:
                fail('first response has no DAV:%s in a 200 propstat' % name)
            text = (p.text or '').strip()
            if a == '--prop-eq':
                i += 1
                if text != args[i]:
                    fail('DAV:%s is %r, expected %r' % (name, text, args[i]))
            if a == '--prop-int' and not text.isdigit():
                fail('DAV:%s is %r, not a decimal integer' % (name, text))
        elif a == '--rucio-quota':
            kids = list(first)
            if len(kids) < 2 or kids[0].tag != D + 'href' or kids[1].tag != D + 'propstat':
                fail('response[0] children are %s; Rucio needs href then propstat' % [k.tag for k in kids])
            pkids = list(kids[1])
            if not pkids or pkids[0].tag != D + 'prop':
                fail('first propstat does not start with prop: %s' % [k.tag for k in pkids])
            q = pkids[0].find(D + 'quota-used-bytes')
            if q is None or not (q.text or '').strip().isdigit():
                fail('first propstat/prop has no integer DAV:quota-used-bytes (Rucio get_space_usage)')
        elif a == '--hrefs-absolute':
            for h in hrefs:
                if not h.startswith('/'):
                    fail('href %r is not an absolute path' % h)
        elif a == '--has-href':
            i += 1
            if norm(args[i]) not in [norm(h) for h in hrefs]:
                fail('no response with href %r' % args[i])
        elif a == '--href-verbatim':
            i += 1
            if args[i] not in hrefs and args[i] + '/' not in hrefs:
                fail('no href equal to %r verbatim (got %s)' % (args[i], hrefs))
        else:
            print('unknown assertion ' + a)
            return 2
        i += 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
