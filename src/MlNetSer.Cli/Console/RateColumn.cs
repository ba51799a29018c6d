using Spectre.Console;
using Spectre.Console.Rendering;

namespace MlNetSer.Cli;

/// <summary>A Spectre.Console progress column with the rates of a <see cref="ProgressBar"/> ("2.5 files/s, 31.0 audio-s/s").</summary>
public sealed class RateColumn : ProgressColumn
{
    /// <summary>Kept on one line: a narrow terminal squeezes the description (it carries the status) instead.</summary>
    protected override bool NoWrap => true;

    /// <inheritdoc/>
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        => task.Tag is ProgressBar bar ? new Text(bar.RateText(), new Style(Color.Grey)) : Text.Empty;
}
