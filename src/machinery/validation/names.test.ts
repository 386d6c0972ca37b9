import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isConfigMapKey,
  isCIdentifier,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidCIDR,
  isValidIP,
  isValidIPv4Address,
  isValidIPv6Address,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNSSubdomain,
  validatePathSegmentName,
} from './names.js';

// Messages as upstream's k8s.io/apimachinery/pkg/util/validation words them (release 1.32).
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('DNS names (IsDNS1123Subdomain, IsDNS1123Label, IsDNS1035Label)', () => {
  it('accepts valid names', () => {
    assert.deepEqual(isDNS1123Subdomain('example.com'), []);
    assert.deepEqual(isDNS1123Subdomain('a'.repeat(253)), []);
    assert.deepEqual(isDNS1123Label('0-a'), []);
    assert.deepEqual(isDNS1035Label('a-0'), []);
  });

  it('words regex and length failures as upstream', () => {
    assert.deepEqual(isDNS1123Subdomain('Example.com'), [SUBDOMAIN]);
    assert.deepEqual(isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
    assert.deepEqual(isDNS1123Subdomain(`-${'a'.repeat(253)}`), ['must be no more than 253 characters', SUBDOMAIN]);
    assert.deepEqual(isDNS1123Label('A'), [LABEL]);
    assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
    assert.deepEqual(isDNS1035Label('1abc'), [
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
    assert.deepEqual(isWildcardDNS1123Subdomain('*.example.com'), []);
    assert.equal(isWildcardDNS1123Subdomain('*.*.example.com').length, 1);
  });

  it('says a subdomain is not a label because of its dots', () => {
    assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
  });

  it('counts length in UTF-8 bytes, as Go does', () => {
    assert.deepEqual(isValidLabelValue('é'.repeat(32)).length, 2);
  });
});

describe('isQualifiedName', () => {
  it('accepts names with and without a prefix', () => {
    for (const v of ['simple', 'now-with-dashes', 'example.com/MyName', 'a'.repeat(63), `${'a'.repeat(253)}/a`]) {
      assert.deepEqual(isQualifiedName(v), [], v);
    }
  });

  it('reports each part as upstream', () => {
    assert.deepEqual(isQualifiedName('a/b/c'), [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
    assert.deepEqual(isQualifiedName('/a'), ['prefix part must be non-empty']);
    assert.deepEqual(isQualifiedName('Example.com/a'), [`prefix part ${SUBDOMAIN}`]);
    assert.deepEqual(isQualifiedName('a/'), ['name part must be non-empty', NAME_PART]);
    assert.deepEqual(isQualifiedName('a'.repeat(64)), ['name part must be no more than 63 characters']);
    assert.deepEqual(isQualifiedName('a:b'), [NAME_PART]);
  });
});

describe('isValidLabelValue', () => {
  it('accepts empty and qualified-name-like values, refuses others', () => {
    assert.deepEqual(isValidLabelValue(''), []);
    assert.deepEqual(isValidLabelValue('My_value.1'), []);
    assert.deepEqual(isValidLabelValue('-a'), [
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
    assert.deepEqual(isValidLabelValue('a'.repeat(64)), ['must be no more than 63 characters']);
  });
});

describe('name rules of kinds', () => {
  it('lets a generateName end in a dash', () => {
    assert.deepEqual(nameIsDNSSubdomain('web-', true), []);
    assert.deepEqual(nameIsDNSSubdomain('web-', false), [SUBDOMAIN]);
  });

  it('keeps names usable as path segments (ValidatePathSegmentName)', () => {
    assert.deepEqual(validatePathSegmentName('..', false), ["may not be '..'"]);
    assert.deepEqual(validatePathSegmentName('..', true), []);
    assert.deepEqual(validatePathSegmentName('a/b%', false), ["may not contain '/'", "may not contain '%'"]);
    assert.deepEqual(validatePathSegmentName('Any_Name', false), []);
  });
});

describe('values (ports, percent, env vars, keys, identifiers)', () => {
  it('checks port numbers and names', () => {
    assert.deepEqual(isValidPortNum(80), []);
    assert.deepEqual(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
    assert.deepEqual(isValidPortNum(65536), ['must be between 1 and 65535, inclusive']);
    assert.deepEqual(isValidPortName('http-alt'), []);
    assert.deepEqual(isValidPortName('Http'), [
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
    assert.deepEqual(isValidPortName('1234'), ['must contain at least one letter (a-z)']);
    assert.deepEqual(isValidPortName('-a--'), [
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
    assert.deepEqual(isValidPortName('a'.repeat(16)), ['must be no more than 15 characters']);
  });

  it('checks percentages', () => {
    assert.deepEqual(isValidPercent('25%'), []);
    assert.deepEqual(isValidPercent('25'), [
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
  });

  it('checks environment variable names, strict and relaxed', () => {
    assert.deepEqual(isEnvVarName('MY_ENV.NAME-1'), []);
    assert.deepEqual(isEnvVarName('1A'), [
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
    ]);
    assert.deepEqual(isEnvVarName('..a'), ["must not start with '..'"]);
    assert.deepEqual(isEnvVarName('.'), ["must not be '.'"]);
    assert.deepEqual(isRelaxedEnvVarName('1 A:b'), []);
    assert.deepEqual(isRelaxedEnvVarName(''), ['environment variable name must be non-empty']);
    assert.deepEqual(isRelaxedEnvVarName('a=b'), [
      "a valid environment variable name must consist only of printable ASCII characters other than '='",
    ]);
  });

  it('checks ConfigMap keys and C identifiers', () => {
    assert.deepEqual(isConfigMapKey('key.name_1'), []);
    assert.deepEqual(isConfigMapKey('a b'), [
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    assert.deepEqual(isConfigMapKey('..'), ["must not be '..'"]);
    assert.deepEqual(isCIdentifier('_a1'), []);
    assert.deepEqual(isCIdentifier('1a'), [
      "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')",
    ]);
  });
});

describe('IP and CIDR (ParseIPSloppy, ParseCIDRSloppy)', () => {
  const IP = ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
  const CIDR = ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];

  it('accepts what Go 1.16 parsed, leading zeros included', () => {
    for (const v of [
      '10.9.8.7',
      '010.001.1.1',
      '0.0.0.0',
      '2001:db8::ffff',
      '::',
      '::1',
      '::ffff:1.2.3.4',
      '1:2:3:4:5:6:7:8',
    ]) {
      assert.deepEqual(isValidIP(v), [], v);
    }
  });

  it('refuses malformed addresses', () => {
    for (const v of [
      '',
      '1.2.3',
      '1.2.3.256',
      '1.2.3.4.5',
      'fe80::1%eth0',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7::8:9',
      'a.b.c.d',
      ':1',
    ]) {
      assert.deepEqual(isValidIP(v), IP, v);
    }
  });

  it('tells the families apart', () => {
    assert.deepEqual(isValidIPv4Address('::ffff:1.2.3.4'), []);
    assert.deepEqual(isValidIPv6Address('1.2.3.4'), ['must be a valid IPv6 address']);
    assert.deepEqual(isValidIPv4Address('::1'), ['must be a valid IPv4 address']);
  });

  it('checks CIDRs and their prefix lengths', () => {
    for (const v of ['10.0.0.0/8', '10.0.0.1/32', '::/0', '2001:db8::/64', '10.0.0.0/08']) {
      assert.deepEqual(isValidCIDR(v), [], v);
    }
    for (const v of ['10.0.0.0', '10.0.0.1/33', '2001:db8::/129', '10.0.0.0/-1', '10.0.0.0/8a', '/8']) {
      assert.deepEqual(isValidCIDR(v), CIDR, v);
    }
  });
});
