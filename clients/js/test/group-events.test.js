// Group system messages (joined, left, removed, renamed, role changed) read as sentences, in a conversation and in
// the talk list's sketch, the way docs/protocol.md §3.3 spells their text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Kind, MessageType, describeGroupEvent, isGroupEvent } from '../src/index.js';
import { sketchOf } from '../src/chat/sketch.js';

const alice = { userId: 'alice', nickname: 'Alice' };
const bob = { userId: 'bob', nickname: 'Bob Builder' };

test('a join reads as a join when the member joined, and as an addition when someone added them', () => {
  assert.equal(describeGroupEvent({ type: MessageType.MEMBER_JOINED, text: 'bob Bob Builder', sender: bob }), 'Bob Builder joined');
  assert.equal(describeGroupEvent({ type: MessageType.MEMBER_JOINED, text: 'bob Bob Builder', sender: alice }), 'Alice added Bob Builder');
});

test('leaving, removal, renaming and roles read as sentences', () => {
  assert.equal(describeGroupEvent({ type: MessageType.MEMBER_LEFT, text: 'bob Bob Builder', sender: bob }), 'Bob Builder left');
  assert.equal(describeGroupEvent({ type: MessageType.MEMBER_REMOVED, text: 'bob Bob Builder', sender: alice }), 'Alice removed Bob Builder');
  assert.equal(describeGroupEvent({ type: MessageType.GROUP_RENAMED, text: 'Hikers', sender: alice }), 'Alice renamed the group to Hikers');
  assert.equal(describeGroupEvent({ type: MessageType.ROLE_CHANGED, text: 'admin bob Bob Builder', sender: alice }), 'Alice made Bob Builder an admin');
  assert.equal(describeGroupEvent({ type: MessageType.ROLE_CHANGED, text: 'owner bob Bob Builder', sender: alice }), 'Bob Builder is now the owner');
});

test('only the five system types are group events, and a text message is its own text', () => {
  assert.equal(isGroupEvent({ type: MessageType.TEXT }), false);
  assert.equal(isGroupEvent({ type: MessageType.EDIT }), false);
  assert.equal(isGroupEvent({ type: MessageType.MEMBER_LEFT }), true);
  assert.equal(describeGroupEvent({ type: MessageType.TEXT, text: 'hello', sender: alice }), 'hello');
});

test('the talk list sketches a system message as its sentence, without "nick: " before it', () => {
  assert.equal(sketchOf({ type: MessageType.MEMBER_JOINED, text: 'bob Bob', senderNickname: 'Alice', senderId: 'alice' }, Kind.GROUP), 'Alice added Bob');
  assert.equal(sketchOf({ type: MessageType.TEXT, text: 'hi', senderNickname: 'Alice', senderId: 'alice' }, Kind.GROUP), 'Alice: hi');
});
