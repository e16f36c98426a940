/* The generator's own PRNG (xorshift64*, seeded through splitmix64), so that
 * a seed gives the same samples on every machine and libc. */
#include "gen.h"

void gen_rng_seed(gen_rng *r, uint64_t seed)
{
    /* splitmix64 spreads small or similar seeds over the whole state */
    uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    r->s = z != 0 ? z : 0x2545F4914F6CDD1DULL;
}

uint64_t gen_rng_next(gen_rng *r)
{
    uint64_t x = r->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    r->s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

int gen_rng_int(gen_rng *r, int n)
{
    if (n <= 1)
        return 0;
    return (int)((gen_rng_next(r) >> 11) % (uint64_t)n);
}

double gen_rng_unit(gen_rng *r)
{
    return (double)(gen_rng_next(r) >> 11) / 9007199254740992.0;
}

double gen_rng_range(gen_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * gen_rng_unit(r);
}

int gen_rng_chance(gen_rng *r, double p)
{
    return gen_rng_unit(r) < p;
}

uint64_t gen_hash_str(uint64_t h, const char *s)
{
    /* FNV-1a */
    h ^= 0xCBF29CE484222325ULL;
    for (; *s != '\0'; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001B3ULL;
    }
    return h;
}
