namespace MlNetSer.Platform;

/// <summary>
/// One symbol-version requirement of an ELF shared object: an <c>Elf64_Vernaux</c> entry of its
/// <c>.gnu.version_r</c> section, e.g. <c>GLIBCXX_3.4.32</c> required from <c>libstdc++.so.6</c>.
/// </summary>
/// <param name="Library">The needed library (<c>vn_file</c>), e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name (<c>vna_name</c>), e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Flags">The entry's <c>vna_flags</c>; see <see cref="IsWeak"/>.</param>
/// <param name="FlagsOffset">The file offset of <c>vna_flags</c> (two bytes, little-endian).</param>
public sealed record ElfVersionNeed(string Library, string Version, ushort Flags, long FlagsOffset)
{
    /// <summary>The <c>VER_FLG_WEAK</c> bit of <c>vna_flags</c>.</summary>
    public const ushort WeakFlag = 0x2;

    /// <summary>
    /// Whether the requirement is weak: the dynamic loader accepts a library that lacks this version
    /// instead of refusing to load.
    /// </summary>
    public bool IsWeak => (Flags & WeakFlag) != 0;
}
