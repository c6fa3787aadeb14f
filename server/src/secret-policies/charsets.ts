const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const SYMBOLS = '!#$%&()*+,-./:;<=>?@[]^_{|}~';

/**
 * Named character sets for the `random` generator. `safe` is alphanumeric plus symbols that
 * need no quoting in a shell, a URL, JSON or YAML.
 */
export const CHARSETS: Record<string, string> = {
  alphanumeric: LOWER + UPPER + DIGITS,
  alpha: LOWER + UPPER,
  numeric: DIGITS,
  lowercase: LOWER,
  uppercase: UPPER,
  hex: '0123456789abcdef',
  safe: `${LOWER}${UPPER}${DIGITS}-_.~@%^+=`,
  symbols: SYMBOLS,
  ascii: `${LOWER}${UPPER}${DIGITS}${SYMBOLS}"'\`\\`,
};

export const CHARACTER_CLASSES = {
  require_upper: UPPER,
  require_lower: LOWER,
  require_digit: DIGITS,
  require_symbol: `${SYMBOLS}"'\`\\`,
} as const;
