import { hmacSha256, keyedHmac, sha256, toHex } from './sha256';

async function webCryptoSha256(data: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource)));
}

async function webCryptoHmac(key: Uint8Array, data: Uint8Array): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    key as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, data as BufferSource)));
}

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  // getRandomValues fills at most 64 KiB at a time.
  for (let at = 0; at < length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
  return bytes;
}

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(toHex(sha256(''))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(toHex(sha256('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(toHex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches WebCrypto at every length around the block boundaries', async () => {
    for (const length of [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000]) {
      const data = randomBytes(length);
      expect(toHex(sha256(data)))
        .withContext(`length ${length}`)
        .toBe(await webCryptoSha256(data));
    }
  });

  it('computes HMAC-SHA256 like WebCrypto, for short and long keys', async () => {
    // WebCrypto refuses empty HMAC keys, so the shortest key compared is one byte.
    for (const keyLength of [1, 16, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      const data = randomBytes(300);
      expect(toHex(hmacSha256(key, data)))
        .withContext(`key ${keyLength}`)
        .toBe(await webCryptoHmac(key, data));
    }
  });

  it('keyedHmac gives hmacSha256 for every message under its key, however many it signs', () => {
    const key = randomBytes(32);
    const sign = keyedHmac(key);
    for (const text of ['', 'AWS4-HMAC-SHA256\n20261202T101500Z', 'x'.repeat(200), 'ü ñ']) {
      expect(toHex(sign(text)))
        .withContext(JSON.stringify(text))
        .toBe(toHex(hmacSha256(key, text)));
    }
  });
});
