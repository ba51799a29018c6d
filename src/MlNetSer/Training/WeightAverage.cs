using MlNetSer.Models;
using static TorchSharp.torch;

namespace MlNetSer.Training;

/// <summary>
/// An exponential moving average of a network's weights (Polyak averaging): every parameter and floating-point buffer
/// (batch normalisation's running statistics included), updated after each optimizer step, so that validation, early
/// stopping and the kept model see the average of the last few epochs' weights rather than the last step's.
/// </summary>
/// <remarks>
/// The decay per step is <c>d = 0.5^(1 / (halfLife · stepsPerEpoch))</c>, so the weight of a step halves every
/// <c>halfLife</c> epochs whatever the corpus size; early in training it is <c>min(d, (1 + t) / (10 + t))</c> after
/// <c>t</c> updates, so the average does not stay near the random initial weights. The update is written as
/// <c>a ← w + d · (a − w)</c> so a tensor training does not change (the input normalisation's statistics) stays exact.
/// Integer buffers (batch normalisation's step counter) are copied. The average lives on the network's device.
/// </remarks>
internal sealed class WeightAverage : IDisposable
{
    private readonly List<(Tensor Live, Tensor Average)> _pairs;
    private readonly double _decay;

    /// <summary>Starts the average at the network's current weights.</summary>
    /// <param name="network">The network being trained, already on its training device.</param>
    /// <param name="halfLifeEpochs">Half-life of a step's weight in the average, in epochs (positive).</param>
    /// <param name="stepsPerEpoch">Optimizer steps per epoch (positive).</param>
    public WeightAverage(SerNetwork network, double halfLifeEpochs, int stepsPerEpoch)
    {
        if (!(halfLifeEpochs > 0) || double.IsInfinity(halfLifeEpochs))
            throw new ArgumentOutOfRangeException(nameof(halfLifeEpochs), halfLifeEpochs, "The half-life must be a positive number of epochs.");
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        _decay = Math.Pow(0.5, 1.0 / (halfLifeEpochs * stepsPerEpoch));
        using (no_grad())
        {
            _pairs = network.named_parameters().Select(p => (Tensor)p.parameter)
                .Concat(network.named_buffers().Select(b => b.buffer))
                .Select(live => (live, live.detach().clone()))
                .ToList();
        }
    }

    /// <summary>Updates so far; a resumed run sets it from the completed epochs.</summary>
    public long Updates { get; set; }

    /// <summary>The decay the next update uses.</summary>
    public double NextDecay => Math.Min(_decay, (1.0 + Updates) / (10.0 + Updates));

    /// <summary>Folds the network's current weights into the average (after an optimizer step).</summary>
    public void Update()
    {
        var decay = NextDecay;
        Updates++;
        using (no_grad())
        {
            foreach (var (live, average) in _pairs)
            {
                if (live.is_floating_point())
                    average.sub_(live).mul_(decay).add_(live);
                else
                    average.copy_(live);
            }
        }
    }

    /// <summary>
    /// Exchanges the network's weights with the average: after one call the network holds the average (and this holds
    /// the trained weights); a second call restores both.
    /// </summary>
    public void Swap()
    {
        using (no_grad())
        using (NewDisposeScope())
        {
            foreach (var (live, average) in _pairs)
            {
                var trained = live.clone();
                live.copy_(average);
                average.copy_(trained);
            }
        }
    }

    /// <summary>The average as a TorchSharp state of <paramref name="network"/> (for a checkpoint).</summary>
    public byte[] Save(SerNetwork network)
    {
        Swap();
        try
        {
            return SegmentTrainer.SaveState(network);
        }
        finally
        {
            Swap();
        }
    }

    /// <summary>Sets the average from a state written by <see cref="Save"/>; the network's own weights are kept.</summary>
    public void Load(SerNetwork network, byte[] state)
    {
        Swap();
        try
        {
            SegmentTrainer.LoadState(network, state);
        }
        finally
        {
            Swap();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, average) in _pairs)
            average.Dispose();
    }
}
