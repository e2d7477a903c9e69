export const E2E_API_KEY = "br_e2e_key_0123456789abcdefghij";
