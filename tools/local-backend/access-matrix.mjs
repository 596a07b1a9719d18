// The access matrix of Amplify's levels, as the IAM policies must grant them and the gateway must
// enforce them. One table, so that the policy tests (policies.test.mjs, which evaluate the policies
// alone) and the gateway tests (gateway.test.mjs, which send real requests) cannot drift apart.

/**
 * What each caller may do at each place: R get, W put, D delete, L list the folder; '-' where
 * denied. "Other's" objects belong to the caller named in OTHER_CALLER.
 */
export const EXPECTED_ACCESS = Object.freeze({
  guest: {
    public: 'RWDL',
    'protected own': 'R--L',
    "protected other's": 'R--L',
    'private own': '----',
    "private other's": '----',
  },
  alice: {
    public: 'RWDL',
    'protected own': 'RWDL',
    "protected other's": 'R--L',
    'private own': 'RWDL',
    "private other's": '----',
  },
  bob: {
    public: 'RWDL',
    'protected own': 'RWDL',
    "protected other's": 'R--L',
    'private own': 'RWDL',
    "private other's": '----',
  },
});
