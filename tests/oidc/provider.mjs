// A real OpenID provider (npm `oidc-provider`) for the portal's tests and for a demo by hand.
//
//   node provider.mjs            listens on OIDC_PORT (default 9090), issuer http://127.0.0.1:PORT
//
// Environment:
//   OIDC_PORT          port to listen on
//   OIDC_CLIENTS       JSON list of clients, e.g. [{"client_id":"portal-eh","client_secret":"...",
//                      "redirect_uris":["http://127.0.0.1:5000/inloggen/oidc/eherkenning/terug"],
//                      "post_logout_redirect_uris":["http://127.0.0.1:5000/inloggen"]}]
//   OIDC_ACCOUNTS      JSON object: login name -> claims (see below); tests may add more at run time
//
// The login page is oidc-provider's development page: any login name with any password; the
// login name picks the account. Consent is given by itself (the portal is a first-party client).
//
// Test-only additions, kept small and clearly apart from the protocol:
// - POST /test/accounts {"name": {claims...}} adds or replaces accounts.
// - An account's "_id_token" object changes the ID tokens issued to it, re-signed with the
//   provider's own key: {"acr": "...", "aud": "...", "exp_offset": -600} (seconds from now);
//   "forge": true signs it with another key under the provider's kid (a forged signature).
//   A real broker sets acr from the eHerkenning level; this page has no levels, so the account says it.
// - Every start makes a new signing key (new kid): restarting the provider is a key rotation.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const port = Number(process.env.OIDC_PORT || 9090);
const issuer = `http://127.0.0.1:${port}`;
const clients = JSON.parse(process.env.OIDC_CLIENTS || '[]');
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || '{}');

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  })),
  jwks: { keys: [signingJwk] },
  pkce: { required: () => true },
  scopes: ['openid', 'email', 'profile', 'eherkenning', 'staff'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    eherkenning: ['kvk', 'vestigingsnummer'],
    staff: ['roles', 'regions'],
  },
  // The portal reads everything from the ID token, as a broker sends it.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  async findAccount(ctx, id) {
    if (!accounts[id]) return undefined;
    return {
      accountId: id,
      async claims() {
        const { _id_token: ignored, ...claims } = accounts[id];
        return { sub: id, ...claims };
      },
    };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile eherkenning staff');
    await grant.save();
    return grant;
  },
  ttl: { Session: 3600, Interaction: 600, AuthorizationCode: 60, IdToken: 300, AccessToken: 300, Grant: 3600 },
});

// Test-only: change the ID token of an account that asks for it (see the header).
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || ctx.status !== 200 || !ctx.body?.id_token) return;
  const payload = jose.decodeJwt(ctx.body.id_token);
  const changes = accounts[payload.sub]?._id_token;
  if (!changes) return;
  const { exp_offset: expOffset, forge, ...claims } = changes;
  Object.assign(payload, claims);
  if (expOffset !== undefined) {
    payload.exp = Math.floor(Date.now() / 1000) + expOffset;
    payload.iat = payload.exp - 300;
  }
  const key = forge ? (await jose.generateKeyPair('RS256')).privateKey : await jose.importJWK(signingJwk, 'RS256');
  ctx.body = {
    ...ctx.body,
    id_token: await new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: signingJwk.kid }).sign(key),
  };
});

const callback = provider.callback();
createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/test/accounts') {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      Object.assign(accounts, JSON.parse(body));
      res.writeHead(204).end();
    });
    return;
  }
  callback(req, res);
}).listen(port, '127.0.0.1', () => {
  console.log(`openid provider ready at ${issuer}`);
});
