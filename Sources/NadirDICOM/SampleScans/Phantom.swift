/// The synthetic anatomy and lesions of the sample scans, voxel by voxel.
///
/// Only +, −, ×, ÷ and comparisons on doubles and integer arithmetic are used (no libm), so the
/// values are bit-identical on every IEEE 754 machine and the files regenerate byte for byte.
struct Phantom {
    struct Ellipse {
        var cx, cy, a, b: Double
        var hu: Double
        func contains(_ x: Double, _ y: Double) -> Bool {
            let u = (x - cx) / a, v = (y - cy) / b
            return u * u + v * v <= 1
        }
    }

    let patient: SamplePatient
    let timepoint: Int
    let structures: [Ellipse]

    init(patient: SamplePatient, timepoint: Int) {
        self.patient = patient
        self.timepoint = timepoint
        // Painted in order; later structures overwrite earlier ones. x: patient left, y: posterior.
        switch patient.anatomy {
        case .chest:
            structures = [
                Ellipse(cx: 0, cy: 0, a: 118, b: 88, hu: -100),    // body outline, subcutaneous fat
                Ellipse(cx: 0, cy: 0, a: 110, b: 80, hu: 45),      // chest wall muscle
                Ellipse(cx: 0, cy: -5, a: 22, b: 45, hu: -90),     // mediastinal fat
                Ellipse(cx: -58, cy: 0, a: 38, b: 62, hu: -860),   // right lung
                Ellipse(cx: 58, cy: 0, a: 38, b: 62, hu: -860),    // left lung
                Ellipse(cx: 5, cy: -35, a: 20, b: 22, hu: 40),     // heart
                Ellipse(cx: 18, cy: 28, a: 10, b: 10, hu: 45),     // descending aorta
                Ellipse(cx: 0, cy: 62, a: 14, b: 14, hu: 650),     // vertebral body
                Ellipse(cx: 0, cy: 62, a: 6, b: 6, hu: 20),        // spinal canal
            ]
        case .abdomen:
            structures = [
                Ellipse(cx: 0, cy: 0, a: 120, b: 90, hu: -100),   // body outline, subcutaneous fat
                Ellipse(cx: 0, cy: 0, a: 112, b: 82, hu: -90),    // intra-abdominal fat
                Ellipse(cx: -45, cy: -5, a: 60, b: 60, hu: 60),   // liver
                Ellipse(cx: 70, cy: 15, a: 22, b: 32, hu: 50),    // spleen
                Ellipse(cx: 10, cy: -30, a: 30, b: 20, hu: 35),   // stomach / bowel
                Ellipse(cx: -30, cy: 65, a: 18, b: 14, hu: 50),   // right paraspinal muscle
                Ellipse(cx: 30, cy: 65, a: 18, b: 14, hu: 50),    // left paraspinal muscle
                Ellipse(cx: 5, cy: 35, a: 11, b: 11, hu: 150),    // aorta (portal venous phase)
                Ellipse(cx: -20, cy: 30, a: 10, b: 10, hu: 120),  // inferior vena cava
                Ellipse(cx: 0, cy: 62, a: 16, b: 16, hu: 650),    // vertebral body
                Ellipse(cx: 0, cy: 62, a: 6, b: 6, hu: 20),       // spinal canal
            ]
        }
    }

    /// Background anatomy at a pixel centre (constant along z).
    func anatomy(_ x: Double, _ y: Double) -> Double {
        var hu = -1000.0  // air
        for s in structures where s.contains(x, y) { hu = s.hu }
        return hu
    }

    /// HU values of one slice, row-major, before noise. Lesions are blended by their volume fraction
    /// inside each voxel (3 × 3 in-plane × 5 through-plane samples), i.e. with partial volume.
    func slice(_ k: Int) -> [Double] {
        let n = SampleCohort.matrix
        let ps = SampleCohort.pixelSpacing
        let t = patient.sliceThickness
        let zc = SampleCohort.sliceZ(patient, slice: k)
        var out = [Double](repeating: 0, count: n * n)
        for r in 0 ..< n {
            let y = SampleCohort.y(row: Double(r))
            for c in 0 ..< n {
                out[r * n + c] = anatomy(SampleCohort.x(column: Double(c)), y)
            }
        }
        for lesion in patient.lesions {
            let d = lesion.diameters[timepoint]
            let a = d.long / 2, b = d.short / 2, h = lesion.craniocaudal(timepoint) / 2
            let lx = SampleCohort.x(column: Double(lesion.column))
            let ly = SampleCohort.y(row: Double(lesion.row))
            let lz = SampleCohort.sliceZ(patient, slice: lesion.slice)
            // Skip slices the ellipsoid does not reach.
            if zc + t / 2 < lz - h || zc - t / 2 > lz + h { continue }
            let reach = Int(a / ps) + 2
            for r in max(0, lesion.row - reach) ... min(n - 1, lesion.row + reach) {
                for c in max(0, lesion.column - reach) ... min(n - 1, lesion.column + reach) {
                    var inside = 0
                    for i in 0 ..< 3 {
                        let y = SampleCohort.y(row: Double(r) + Double(i - 1) / 3) - ly
                        for j in 0 ..< 3 {
                            let x = SampleCohort.x(column: Double(c) + Double(j - 1) / 3) - lx
                            for s in 0 ..< 5 {
                                let z = zc + (Double(s) - 2) / 5 * t - lz
                                let u = x / a, v = y / b, w = z / h
                                if u * u + v * v + w * w <= 1 { inside += 1 }
                            }
                        }
                    }
                    if inside > 0 {
                        let f = Double(inside) / 45
                        out[r * n + c] = out[r * n + c] * (1 - f) + lesion.hu * f
                    }
                }
            }
        }
        return out
    }

    /// Stored pixel values (HU + 1024, 12 bits) with seeded noise: the sum of four uniform integers
    /// in −8…8 (σ ≈ 9.8 HU), from SplitMix64 seeded by patient, timepoint and slice.
    func storedPixels(_ k: Int) -> [UInt16] {
        var rng = SplitMix64(seed: UInt64(SampleCohort.patientNumber(patient)) << 40 | UInt64(timepoint) << 20 | UInt64(k))
        return slice(k).map { hu in
            var noise = 0
            for _ in 0 ..< 4 { noise += Int(rng.next() % 17) - 8 }
            let v = Int((hu + 1024).rounded(.toNearestOrAwayFromZero)) + (hu <= -1000 ? 0 : noise)
            return UInt16(max(0, min(4095, v)))
        }
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fully specified generator, so the noise is the
/// same on every platform and Swift version (unlike the standard library's random sources).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
