import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateSignature } from '@line/bot-sdk';
import { signBody } from '../../src/line/sign.ts';
import { createUlid } from '../../src/line/ulid.ts';
import { followEvent, postbackEvent, textEvent, unfollowEvent, webhookBody } from '../../src/line/webhook-events.ts';

const USER_ID = `U${'a'.repeat(32)}`;
const GROUP_ID = `C${'b'.repeat(32)}`;
const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('signBody', () => {
  it('matches the SDK signature check', () => {
    const body = JSON.stringify(webhookBody([textEvent({ userId: USER_ID, text: '台積電' })], USER_ID));

    assert.equal(validateSignature(body, 'secret', signBody(body, 'secret')), true);
    assert.equal(validateSignature(body, 'other', signBody(body, 'secret')), false);
  });

  it('signs a Buffer like its string', () => {
    assert.equal(signBody(Buffer.from('{"a":"股"}'), 's'), signBody('{"a":"股"}', 's'));
  });

  it('matches a known HMAC', () => {
    // echo -n '{}' | openssl dgst -sha256 -hmac key -binary | base64
    assert.equal(signBody('{}', 'key'), 'p3dyTZQ+tI3Gm8qKSm1XoE2z+ex+HeTlgehgJlvfMDI=');
  });
});

describe('createUlid', () => {
  it('has ULID shape', () => {
    assert.match(createUlid(), ULID_PATTERN);
  });

  it('sorts in creation order within a millisecond', () => {
    const ids = Array.from({ length: 50 }, () => createUlid(1_700_000_000_000));

    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('encodes the time in the first 10 characters', () => {
    const time = Date.now() + 86_400_000;
    const prefix = createUlid(time).slice(0, 10);

    const decoded = [...prefix].reduce((value, char) => value * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(char), 0);
    assert.equal(decoded, time);
  });

  it('never goes back in time', () => {
    const later = createUlid(Date.now() + 2 * 86_400_000);
    const earlier = createUlid(0);

    assert.ok(earlier > later);
  });
});

describe('webhook events', () => {
  it('builds a 1:1 text event', () => {
    const event = textEvent({ userId: USER_ID, text: '2330', timestamp: 1234 });

    assert.equal(event.type, 'message');
    assert.deepEqual(event.source, { type: 'user', userId: USER_ID });
    assert.equal(event.message.type, 'text');
    assert.equal(event.message.type === 'text' && event.message.text, '2330');
    assert.match(event.message.id, /^\d{18}$/);
    assert.match(event.replyToken, /^[0-9a-f]{32}$/);
    assert.match(event.webhookEventId, ULID_PATTERN);
    assert.deepEqual(event.deliveryContext, { isRedelivery: false });
    assert.equal(event.mode, 'active');
    assert.equal(event.timestamp, 1234);
  });

  it('builds a group text event', () => {
    const event = textEvent({ userId: USER_ID, text: 'hi', groupId: GROUP_ID });

    assert.deepEqual(event.source, { type: 'group', groupId: GROUP_ID, userId: USER_ID });
  });

  it('keeps given ids', () => {
    const event = textEvent({ userId: USER_ID, text: 'hi', replyToken: 'r', webhookEventId: 'w' });

    assert.equal(event.replyToken, 'r');
    assert.equal(event.webhookEventId, 'w');
  });

  it('builds a postback event', () => {
    const event = postbackEvent({ userId: USER_ID, data: 'cmd=quote:2330' });

    assert.deepEqual(event.postback, { data: 'cmd=quote:2330' });
    assert.match(event.replyToken, /^[0-9a-f]{32}$/);
  });

  it('builds follow and unfollow events', () => {
    const follow = followEvent({ userId: USER_ID });
    const unfollow = unfollowEvent({ userId: USER_ID });

    assert.deepEqual(follow.follow, { isUnblocked: false });
    assert.match(follow.replyToken, /^[0-9a-f]{32}$/);
    assert.equal('replyToken' in unfollow, false);
    assert.equal(unfollow.type, 'unfollow');
  });

  it('gives each event a fresh reply token', () => {
    const first = textEvent({ userId: USER_ID, text: 'a' });
    const second = textEvent({ userId: USER_ID, text: 'a' });

    assert.notEqual(first.replyToken, second.replyToken);
    assert.ok(first.webhookEventId < second.webhookEventId);
  });

  it('wraps events with the destination', () => {
    const event = unfollowEvent({ userId: USER_ID });

    assert.deepEqual(webhookBody([event], USER_ID), { destination: USER_ID, events: [event] });
  });
});
