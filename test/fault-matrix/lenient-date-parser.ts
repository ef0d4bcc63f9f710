import { pydanticV2DateTime } from '../../src/generation/pydantic-v2';
import type { ParameterParser } from '../../src/reference-server/query-validation';

/**
 * A date-time parser as lenient as pydantic v2's, which FastAPI (behind the Streamkap API) uses:
 * the offset may be missing (read as UTC), the time too (midnight), the separator may be a space,
 * and a bare number is unix time (seconds, or milliseconds when above 2e10). Impossible calendar
 * dates, times and offsets are still refused, as pydantic refuses them. The emulation itself is
 * the generated tier's oracle (src/generation/pydantic-v2.ts), so the two cannot drift apart.
 */
export const lenientTimestamp: ParameterParser<Date> = (raw) => {
  const parsed = pydanticV2DateTime(raw);
  return parsed !== undefined
    ? { ok: true, value: new Date(parsed) }
    : { ok: false, type: 'datetime_from_date_parsing', msg: 'Input should be a valid datetime or date' };
};
