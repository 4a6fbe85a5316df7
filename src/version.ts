/** The Calico release whose behaviour this client reproduces (calicoctl's "Client Version"). */
export const CLIENT_VERSION = 'v3.32.1';
