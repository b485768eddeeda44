import { describe, expect, it } from 'vitest';
import { ModelSlot } from './model-slot';

describe('ModelSlot', () => {
  it('opens once, forgets a failed open, and releases on reload and close', async () => {
    let opens = 0;
    const released: number[] = [];
    let fail = true;
    const slot = new ModelSlot(
      'test',
      async () => {
        opens += 1;
        if (fail) throw new Error('no model');
        return opens;
      },
      async (value) => {
        released.push(value);
      },
    );
    await expect(slot.get()).rejects.toThrow('no model');
    fail = false;
    expect(await slot.get()).toBe(2);
    expect(await slot.get()).toBe(2);
    await slot.reload();
    expect(released).toEqual([2]);
    expect(await slot.get()).toBe(3);
    await slot.close();
    expect(released).toEqual([2, 3]);
    await expect(slot.get()).rejects.toThrow('The test service has been closed.');
  });
});
