using System.CommandLine;
using System.Globalization;
using MlNetSer.Features;
using MlNetSer.Data;
using MlNetSer.Models;
using MlNetSer.Onnx;
using MlNetSer.Training;

namespace MlNetSer.Cli.Commands;

/// <summary>
/// The <c>train-network</c> command: trains one CNN on cached segments with a speaker-disjoint validation
/// split, checkpointing after every epoch (a killed run started again with the same command resumes), and
/// writes the best epoch's network as ONNX.
/// </summary>
public static class TrainNetworkCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var segments = new Option<string>("--segments")
        {
            Description = "float32 .npy of all segments, shape [segments, ..segment shape]: [S,1,L] for 1d (L = 5^k), "
                + "[S,3,64,64] for 2d, [S,3,D,64,64] for 3d; utterances' segments consecutive, in manifest order.",
            Required = true,
        };
        var utterances = new Option<string>("--utterances")
        {
            Description = $"CSV manifest with the header '{UtteranceManifest.Header}': one row per utterance in segment order; "
                + "'segments' is how many consecutive segments of --segments it owns. Class indices follow the labels' ordinal order.",
            Required = true,
        };
        var network = new Option<string>("--network")
        {
            Description = "Which CNN: 1d (sample-level, Table 1/4), 2d (AlexNet, Table 2) or 3d (Table 3/6).",
            Required = true,
        };
        network.AcceptOnlyFromAmong("1d", "2d", "3d");
        var backbone = new Option<string>("--backbone")
        {
            Description = "Backbone of the 2d network: alexnet (the paper's), vgg16, resnet50, resnet18-torchvision (random initialisation "
                + "unless --init-weights) or resnet18 (ImageNet weights of Microsoft.ML.DnnImageFeaturizer.ResNet18, new head).",
            DefaultValueFactory = _ => "alexnet",
        };
        backbone.AcceptOnlyFromAmong([.. Backbone2d.Names]);
        // --backbone-weights as on train, experiment and study; --init-weights because it also starts the 1d and 3d networks.
        var initWeights = new Option<string?>("--init-weights", "--backbone-weights")
        {
            Description = "PyTorch state dict (.pt/.pth/.bin from torch.save, or .safetensors) to start from, e.g. torchvision's ImageNet "
                + "AlexNet for 2d; keys must match the network's, a head of another width keeps its fresh initialisation, all layers are fine-tuned.",
        };
        var checkpointDirectory = new Option<string>("--checkpoint-dir")
        {
            Description = "Folder for the checkpoint written after every epoch; a run with the same arguments resumes from it.",
            Required = true,
        };
        var output = new Option<string>("--out", "-o") { Description = "The trained model (.onnx).", Required = true };
        var epochs = CommonOptions.PositiveInt("--epochs", "Maximum epochs.", new TrainerOptions().Epochs);
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation, shuffling, dropout and the validation split.", DefaultValueFactory = _ => 0 };
        var threads = CommonOptions.NonNegativeInt("--threads", "libtorch threads (0: libtorch's choice).", 0);
        var patience = CommonOptions.NonNegativeInt("--patience", "Early-stopping patience in epochs (0: off).", new TrainerOptions().Patience);
        var batchSize = CommonOptions.PositiveInt("--batch-size", "Segments per mini-batch.", new TrainerOptions().BatchSize);
        var learningRate = new Option<double>("--learning-rate") { Description = "Learning rate.", DefaultValueFactory = _ => new TrainerOptions().LearningRate };
        var optimizer = new Option<string>("--optimizer") { Description = "adam or sgd (momentum 0.9).", DefaultValueFactory = _ => "adam" };
        optimizer.AcceptOnlyFromAmong("adam", "sgd");
        var validationFraction = new Option<double>("--validation-fraction")
        {
            Description = "Share of speakers held out for validation and early stopping.",
            DefaultValueFactory = _ => 0.2,
        };
        validationFraction.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is not (> 0 and < 1))
                r.AddError("--validation-fraction must be between 0 and 1 (exclusive).");
        });

        var command = new Command(
            "train-network",
            "Train a 1D, 2D or 3D CNN on cached segments (softmax cross-entropy, mini-batch 30, lr 0.001, Adam, up to 300 epochs, "
            + "early stopping on held-out speakers) and write the best epoch as ONNX. A checkpoint is written after every epoch; "
            + "run the same command again after an interruption to resume.\n"
            + "Progress per epoch (loss, validation accuracy, time left) goes to standard error.\n"
            + "utterances.csv:\n  utterance,label,speaker,segments\n  clip001,angry,spk01,12\n  clip002,happy,spk02,9");
        var device = CommonOptions.Device();
        var json = CommonOptions.Json("Print one JSON document (best epoch, its validation accuracy and loss, epochs run, the device, the model written) instead of text.");
        foreach (var option in new Option[] { segments, utterances, network, backbone, initWeights, checkpointDirectory, output, epochs, seed, threads, patience, batchSize, learningRate, optimizer, validationFraction, device, json })
            command.Options.Add(option);
        command.WithExamples(
            "mlnetser train-network --segments wave1d.npy --utterances utterances.csv --network 1d --checkpoint-dir ckpt --out cnn1d.onnx",
            "mlnetser train-network --segments mel2d.npy --utterances utterances.csv --network 2d --backbone resnet18 --checkpoint-dir ckpt2d --out cnn2d.onnx --epochs 50",
            "mlnetser train-network --segments clip3d.npy --utterances utterances.csv --network 3d --checkpoint-dir ckpt3d --out cnn3d.onnx --json > cnn3d.json");

        command.SetAction(parseResult => CommandErrors.Run(
            parseResult,
            () =>
            {
                var options = new TrainerOptions
                {
                    Epochs = parseResult.GetValue(epochs),
                    BatchSize = parseResult.GetValue(batchSize),
                    LearningRate = parseResult.GetValue(learningRate),
                    Optimizer = parseResult.GetValue(optimizer) == "sgd" ? TrainingOptimizer.SgdMomentum : TrainingOptimizer.Adam,
                    Patience = parseResult.GetValue(patience),
                    Seed = parseResult.GetValue(seed),
                    Threads = parseResult.GetValue(threads),
                    CheckpointDirectory = parseResult.GetValue(checkpointDirectory),
                };
                options.Validate();
                options.Device = CommonOptions.ResolveDevice(parseResult.GetValue(device));
                return options;
            },
            options => Run(
                parseResult.GetValue(segments)!,
                parseResult.GetValue(utterances)!,
                parseResult.GetValue(network)! == "2d" ? $"2d-{parseResult.GetValue(backbone)}" : parseResult.GetValue(network)!,
                parseResult.GetValue(output)!,
                parseResult.GetValue(validationFraction),
                parseResult.GetValue(initWeights),
                options,
                parseResult,
                parseResult.GetValue(json))));
        return command;
    }

    // The features command writes features.json beside its .npy files; its options describe the segments. Without it the
    // model records the options as unknown.
    private static FeatureOptions? FeaturesBeside(string segmentsPath)
    {
        var manifest = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(segmentsPath))!, FeatureManifest.FileName);
        return File.Exists(manifest) ? FeatureManifest.Load(manifest).Options : null;
    }

    private static int Run(string segmentsPath, string manifestPath, string networkName, string outputPath, double validationFraction, string? initWeightsPath, TrainerOptions options, ParseResult parse, bool json)
    {
        var display = ProgressDisplay.Create(parse);
        var manifest = UtteranceManifest.Read(manifestPath);
        using var dataset = SegmentDataset.FromNpy(segmentsPath, manifest);
        var split = SpeakerSplit.HoldOut(dataset.Speakers, validationFraction, options.Seed);
        var (training, validation) = dataset.Split(split);
        var shape = dataset.SegmentShape;
        Func<SerNetwork> create = networkName switch
        {
            "1d" when shape.Count == 2 && shape[0] == 1 => () => new Cnn1d(new Cnn1dOptions { Classes = manifest.Labels.Count, SegmentLength = (int)shape[1] }),
            _ when networkName.StartsWith("2d-", StringComparison.Ordinal) && shape.Count == 3 => () =>
            {
                var kind = Backbone2d.Parse(networkName[3..]);
                var backbone = Backbone2d.Create(kind, new Backbone2dOptions
                {
                    Classes = manifest.Labels.Count, InputChannels = (int)shape[0], InputHeight = (int)shape[1], InputWidth = (int)shape[2],
                });
                if (kind == NetworkKind.Resnet18 && initWeightsPath is null)
                    CntkResnet18Weights.Load((Resnet18)backbone);
                return backbone;
            },
            "3d" when shape.Count == 4 => () => new Cnn3d(new Cnn3dOptions
            {
                Classes = manifest.Labels.Count, InputChannels = (int)shape[0], Depth = (int)shape[1], Height = (int)shape[2], Width = (int)shape[3],
            }),
            _ => throw new InvalidDataException(
                $"{segmentsPath}: segment shape [{string.Join(", ", shape)}] does not fit --network {networkName} (1d: [1, L], 2d: [C, H, W] (resnet18: C = 3), 3d: [C, D, H, W])."),
        };

        if (initWeightsPath is not null)
            create = PretrainedWeights.Initializing(create, initWeightsPath);
        else if (networkName.StartsWith("2d-", StringComparison.Ordinal) && Backbone2d.Parse(networkName[3..]) is var kind && !Backbone2d.HasBuiltInWeights(kind))
            TrainingFlags.Warn(display, [Backbone2d.RandomInitialisationWarning(kind)]);

        var trainer = new SegmentTrainer(options);
        display.Message(
            $"train-network {networkName}: {training.Utterances.Count} utterances / {training.SegmentCount} segments of {training.Speakers.Count} speakers for training, "
            + $"{validation.Utterances.Count} / {validation.SegmentCount} of {validation.Speakers.Count} speakers for validation; "
            + $"{manifest.Labels.Count} classes; {options.Optimizer}, lr {options.LearningRate.ToString(CultureInfo.InvariantCulture)}, batch {options.BatchSize}, "
            + $"up to {options.Epochs} epochs, patience {options.Patience}, seed {options.Seed}, device {trainer.ResolveDevice()}");
        var result = display.Run(() => trainer.Train(create, training, validation, new EpochProgress(display, networkName)));
        using (result.Network)
        {
            OnnxModelExporter.Export(result.Network, outputPath, new OnnxExportOptions
            {
                Labels = manifest.Labels,
                FeatureOptionsJson = FeaturesBeside(segmentsPath)?.ToJson() ?? "{}",
                ExtraMetadata = new Dictionary<string, string>
                {
                    ["training"] = $"optimizer={options.Optimizer};lr={options.LearningRate.ToString("R", CultureInfo.InvariantCulture)};batch={options.BatchSize};"
                        + $"seed={options.Seed};best_epoch={result.BestEpoch};epochs_run={result.EpochsRun}",
                },
            });
        }

        var best = result.Best;
        var overhead = Median(result.History.Select(h => h.InputOverhead));
        if (json)
        {
            JsonOutput.WriteDocument(parse.InvocationConfiguration.Output, new
            {
                network = networkName,
                model = Path.GetFullPath(outputPath),
                device = result.Device.ToString(),
                best_epoch = result.BestEpoch,
                epochs_run = result.EpochsRun,
                stopped_early = result.StoppedEarly,
                validation_accuracy = best.ValidationAccuracy,
                validation_loss = best.ValidationLoss,
                epoch_compute_ratio = overhead,
                training = new { utterances = training.Utterances.Count, segments = training.SegmentCount, speakers = training.Speakers.Count },
                validation = new { utterances = validation.Utterances.Count, segments = validation.SegmentCount, speakers = validation.Speakers.Count },
            });
            return ExitCodes.Ok;
        }

        display.Result(
            $"best epoch {result.BestEpoch} of {result.EpochsRun}{(result.StoppedEarly ? " (early stop)" : "")}: validation accuracy "
            + $"{best.ValidationAccuracy.ToString("0.0000", CultureInfo.InvariantCulture)}, loss {best.ValidationLoss.ToString("0.0000", CultureInfo.InvariantCulture)}; "
            + $"epoch/compute time ratio {overhead.ToString("0.000", CultureInfo.InvariantCulture)} (median)");
        display.Result($"wrote {Path.GetFullPath(outputPath)}");
        return ExitCodes.Ok;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    /// <summary>
    /// A bar over the epochs: a line (on a plain display) per resume, per epoch (loss, validation accuracy and loss,
    /// best epoch) and every tenth of an epoch (batch loss), so that long epochs show life in a log too.
    /// </summary>
    private sealed class EpochProgress(ProgressDisplay display, string network) : IProgress<TrainingProgress>
    {
        private ProgressBar? _bar;
        private string? _epochStatus;

        public void Report(TrainingProgress p)
        {
            var invariant = CultureInfo.InvariantCulture;
            _bar ??= display.AddBar(network, p.Epochs, "epochs");
            switch (p.Kind)
            {
                case TrainingProgressKind.Resumed:
                    display.Message($"resuming from checkpoint after epoch {p.Epoch} (best epoch {p.BestEpoch})");
                    _bar.StartFrom(p.Epoch);
                    break;
                case TrainingProgressKind.Batch when p.BatchesPerEpoch > 0:
                    var position = p.Epoch - 1 + (double)p.Batch / p.BatchesPerEpoch;
                    var status = string.Create(invariant, $"epoch {p.Epoch} batch {p.Batch}/{p.BatchesPerEpoch} loss {p.Loss:0.0000}");
                    if (p.Batch % Math.Max(1, p.BatchesPerEpoch / 10) == 0 && p.Batch < p.BatchesPerEpoch)
                        _bar.Step(position, status);
                    else
                        // The last epoch's figures stay in sight on a live bar while the next epoch runs.
                        _bar.Advance(position, _epochStatus is null ? status : $"{_epochStatus}; {status}");
                    break;
                case TrainingProgressKind.Epoch:
                    _epochStatus = string.Create(invariant,
                        $"loss {p.Loss:0.0000} val_acc {p.ValidationAccuracy:0.0000} val_loss {p.ValidationLoss:0.0000} best {p.BestEpoch}");
                    _bar.Step(p.Epoch, _epochStatus);
                    break;
                case TrainingProgressKind.Completed:
                    _bar.Complete(string.Create(invariant, $"best epoch {p.BestEpoch}"));
                    break;
            }
        }
    }
}
