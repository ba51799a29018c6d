namespace MlNetSer.Training;

/// <summary>
/// Random streams derived from (seed, epoch) alone, so that a run resumed at epoch k shuffles and drops
/// out exactly as an uninterrupted run does at epoch k.
/// </summary>
internal static class EpochRandom
{
    private const ulong ShuffleStream = 0x53485546464C45UL;
    private const ulong TorchStream = 0x544F524348UL;

    /// <summary>The seed for <c>torch.manual_seed</c> at the start of <paramref name="epoch"/> (dropout).</summary>
    public static long TorchSeed(int seed, int epoch) => (long)(Mix(seed, epoch, TorchStream) >> 1);

    /// <summary>The order in which the training segments are visited in <paramref name="epoch"/>.</summary>
    public static int[] Permutation(int count, int seed, int epoch)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
            order[i] = i;
        new Random((int)(Mix(seed, epoch, ShuffleStream) & int.MaxValue)).Shuffle(order);
        return order;
    }

    // SplitMix64 finaliser over the three inputs: nearby seeds and epochs give unrelated streams.
    private static ulong Mix(int seed, int epoch, ulong stream)
    {
        var z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)epoch << 32 | (uint)epoch) * 0xBF58476D1CE4E5B9UL ^ stream;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
