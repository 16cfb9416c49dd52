import { APIRequest, VK } from 'vk-io';
import { describe, expect, it } from 'vitest';
import { PlatformError } from '../../adapters/platform-error.ts';
import {
  EXECUTE_MAX_CALLS,
  executeCall,
  executeCode,
  executeResults,
  type VkAnswer,
  type VkApiCall,
} from '../../adapters/vk/vk-execute.ts';
import { parseExecuteCode } from '../../emulators/vk-emulator.ts';

const del = (id: number | string): VkApiCall => ({
  method: 'wall.deleteComment',
  params: { owner_id: '-1', comment_id: id },
});

describe('execute code', () => {
  const cases: [string, VkApiCall, string][] = [
    ['numbers stay numbers', del(5), 'API.wall.deleteComment({"owner_id":"-1","comment_id":5})'],
    ['strings stay strings', del('5'), 'API.wall.deleteComment({"owner_id":"-1","comment_id":"5"})'],
    [
      'undefined parameters are left out',
      { method: 'groups.ban', params: { group_id: '1', owner_id: '2', end_date: undefined, reason: 3 } },
      'API.groups.ban({"group_id":"1","owner_id":"2","reason":3})',
    ],
    [
      'quotes, backslashes, newlines and Cyrillic are JSON-escaped',
      { method: 'groups.ban', params: { comment: 'Мат "в" \\ тексте\n' } },
      'API.groups.ban({"comment":"Мат \\"в\\" \\\\ тексте\\n"})',
    ],
    [
      'a VKScript-looking value stays inside its string',
      { method: 'groups.ban', params: { comment: '"}),API.wall.delete({"post_id":1' } },
      'API.groups.ban({"comment":"\\"}),API.wall.delete({\\"post_id\\":1"})',
    ],
    ['no parameters', { method: 'groups.getById', params: {} }, 'API.groups.getById({})'],
  ];
  it.each(cases)('%s', (_name, call, code) => {
    expect(executeCall(call)).toBe(code);
  });

  it.each(cases)('encodes like vk-io (%s)', (_name, call) => {
    const api = new VK({ token: 't' }).api;
    expect(executeCall(call)).toBe(
      new APIRequest({ api, method: call.method, params: call.params }).toString(),
    );
  });

  it('returns the calls in order, as one array', () => {
    expect(executeCode([del(1), del(2)])).toBe(
      'return [API.wall.deleteComment({"owner_id":"-1","comment_id":1}),' +
        'API.wall.deleteComment({"owner_id":"-1","comment_id":2})];',
    );
  });

  it('carries 1 to 25 calls', () => {
    expect(() => executeCode([])).toThrow(RangeError);
    expect(() => executeCode(Array.from({ length: EXECUTE_MAX_CALLS + 1 }, (_, i) => del(i)))).toThrow(
      RangeError,
    );
    expect(executeCode(Array.from({ length: EXECUTE_MAX_CALLS }, (_, i) => del(i)))).toContain(
      'comment_id":24',
    );
  });

  it('refuses a method name that is not one', () => {
    expect(() => executeCall({ method: 'wall.deleteComment(1);API.x', params: {} })).toThrow(/method name/);
  });

  it('the emulator reads back exactly the calls that were sent', () => {
    const calls: VkApiCall[] = [
      del(1),
      { method: 'board.deleteComment', params: { group_id: '1', topic_id: 5, comment_id: '7' } },
      {
        method: 'groups.ban',
        params: { group_id: '1', owner_id: '2', comment: 'a ") , API.x({" b', reason: 0 },
      },
    ];
    expect(parseExecuteCode(executeCode(calls))).toEqual([
      { method: 'wall.deleteComment', params: { owner_id: '-1', comment_id: '1' } },
      { method: 'board.deleteComment', params: { group_id: '1', topic_id: '5', comment_id: '7' } },
      {
        method: 'groups.ban',
        params: { group_id: '1', owner_id: '2', comment: 'a ") , API.x({" b', reason: '0' },
      },
    ]);
  });
});

/** A result as `ok:value` or `kind:code`, to keep the table short. */
const brief = (r: ReturnType<typeof executeResults>[number]): string =>
  r.ok
    ? `ok:${JSON.stringify(r.value)}`
    : r.error instanceof PlatformError
      ? `${r.error.kind}:${r.error.code}`
      : 'other';

describe('execute answers', () => {
  const e = (code: number) => ({
    method: 'wall.deleteComment',
    error_code: code,
    error_msg: `error ${code}`,
  });
  const cases: [string, number, VkAnswer, string[]][] = [
    ['every call done', 3, { response: [1, 1, 1] }, ['ok:1', 'ok:1', 'ok:1']],
    [
      'photos/market "already gone" (0) is an answer, not a failure',
      2,
      { response: [0, 1] },
      ['ok:0', 'ok:1'],
    ],
    [
      'each false takes the next execute_errors entry, in order',
      5,
      { response: [false, 1, false, 1, false], execute_errors: [e(15), e(10), e(9)] },
      ['permanent:15', 'ok:1', 'transient:10', 'ok:1', 'rate_limit:9'],
    ],
    [
      'a false without its error entry is retried',
      2,
      { response: [false, false], execute_errors: [e(15)] },
      ['permanent:15', 'transient:execute'],
    ],
    [
      'an error of the whole request (6) fails every call with it',
      3,
      { error: { error_code: 6, error_msg: 'Too many requests per second' } },
      ['rate_limit:6', 'rate_limit:6', 'rate_limit:6'],
    ],
    [
      'code VK cannot compile (12) fails every call for good',
      2,
      { error: { error_code: 12, error_msg: 'Unable to compile code' } },
      ['permanent:12', 'permanent:12'],
    ],
    [
      'a result list of the wrong length is not trusted',
      2,
      { response: [1] },
      ['transient:execute', 'transient:execute'],
    ],
    ['no result list', 1, {}, ['transient:execute']],
    ['objects pass through', 2, { response: [{ items: [] }, 1] }, ['ok:{"items":[]}', 'ok:1']],
  ];
  it.each(cases)('%s', (_name, count, answer, want) => {
    expect(executeResults(count, answer).map(brief)).toEqual(want);
  });

  it('error 6 waits 1.2 s; flood control waits the account setting', () => {
    const [six] = executeResults(1, { error: { error_code: 6 } }, 5000);
    const [nine] = executeResults(1, { response: [false], execute_errors: [e(9)] }, 5000);
    expect(six).toMatchObject({ ok: false, error: { retryAfterMs: 1200 } });
    expect(nine).toMatchObject({ ok: false, error: { retryAfterMs: 5000 } });
  });
});

describe('the emulator reads only `return [API.<method>(<JSON object>), ...];`', () => {
  const ok: [string, string, number][] = [
    ['no trailing semicolon', 'return [API.a.b({"x":1})]', 1],
    ['spaces and newlines', ' return [\n API.a.b( {"x":"1"} ) ,\n API.c.d({}) ] ; ', 2],
    ['empty parentheses', 'return [API.a.b()];', 1],
    ['an empty list', 'return [];', 0],
    ['braces and brackets inside strings', 'return [API.a.b({"x":"}]) ,API.c.d({"})];', 1],
  ];
  it.each(ok)('accepts: %s', (_name, code, n) => {
    expect(parseExecuteCode(code)).toHaveLength(n);
  });

  const bad: [string, string][] = [
    ['no return', '[API.a.b({})];'],
    ['a variable', 'var x = API.a.b({}); return [x];'],
    ['a bare call', 'return API.a.b({});'],
    ['a trailing comma', 'return [API.a.b({}),];'],
    ['a missing comma', 'return [API.a.b({}) API.c.d({})];'],
    ['a method without section', 'return [API.delete({})];'],
    ['not JSON', "return [API.a.b({x:'1'})];"],
    ['an array argument', 'return [API.a.b([1])];'],
    ['a nested object value', 'return [API.a.b({"x":{"y":1}})];'],
    ['a null value', 'return [API.a.b({"x":null})];'],
    ['an unclosed object', 'return [API.a.b({"x":"1")];'],
    ['statements after the list', 'return [API.a.b({})]; API.c.d({});'],
  ];
  it.each(bad)('refuses: %s', (_name, code) => {
    expect(parseExecuteCode(code)).toBeUndefined();
  });
});
