/// A DICOM attribute tag with its keyword as PS3.6 spells it, so errors can name both.
public struct DICOMTag: Hashable, Sendable, CustomStringConvertible {
    public let group: UInt16
    public let element: UInt16
    /// The PS3.6 keyword, e.g. `SeriesInstanceUID`.
    public let keyword: String

    public init(_ group: UInt16, _ element: UInt16, _ keyword: String) {
        self.group = group
        self.element = element
        self.keyword = keyword
    }

    /// `(0020,000E)`: the form the standard and dcmdump print.
    public var hexForm: String { "(\(Self.hex4(group)),\(Self.hex4(element)))" }

    public var description: String { "\(keyword) \(hexForm)" }

    private static func hex4(_ v: UInt16) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}

extension DICOMTag {
    // File Meta Information
    public static let transferSyntaxUID = DICOMTag(0x0002, 0x0010, "TransferSyntaxUID")
    // SOP Common, General Study, Patient
    public static let specificCharacterSet = DICOMTag(0x0008, 0x0005, "SpecificCharacterSet")
    public static let imageType = DICOMTag(0x0008, 0x0008, "ImageType")
    public static let instanceCreationDate = DICOMTag(0x0008, 0x0012, "InstanceCreationDate")
    public static let instanceCreationTime = DICOMTag(0x0008, 0x0013, "InstanceCreationTime")
    public static let sopClassUID = DICOMTag(0x0008, 0x0016, "SOPClassUID")
    public static let sopInstanceUID = DICOMTag(0x0008, 0x0018, "SOPInstanceUID")
    public static let studyDate = DICOMTag(0x0008, 0x0020, "StudyDate")
    public static let seriesDate = DICOMTag(0x0008, 0x0021, "SeriesDate")
    public static let acquisitionDate = DICOMTag(0x0008, 0x0022, "AcquisitionDate")
    public static let contentDate = DICOMTag(0x0008, 0x0023, "ContentDate")
    public static let studyTime = DICOMTag(0x0008, 0x0030, "StudyTime")
    public static let seriesTime = DICOMTag(0x0008, 0x0031, "SeriesTime")
    public static let acquisitionTime = DICOMTag(0x0008, 0x0032, "AcquisitionTime")
    public static let contentTime = DICOMTag(0x0008, 0x0033, "ContentTime")
    public static let accessionNumber = DICOMTag(0x0008, 0x0050, "AccessionNumber")
    public static let modality = DICOMTag(0x0008, 0x0060, "Modality")
    public static let manufacturer = DICOMTag(0x0008, 0x0070, "Manufacturer")
    public static let institutionName = DICOMTag(0x0008, 0x0080, "InstitutionName")
    public static let referringPhysicianName = DICOMTag(0x0008, 0x0090, "ReferringPhysicianName")
    public static let studyDescription = DICOMTag(0x0008, 0x1030, "StudyDescription")
    public static let seriesDescription = DICOMTag(0x0008, 0x103E, "SeriesDescription")
    public static let manufacturerModelName = DICOMTag(0x0008, 0x1090, "ManufacturerModelName")
    public static let patientName = DICOMTag(0x0010, 0x0010, "PatientName")
    public static let patientID = DICOMTag(0x0010, 0x0020, "PatientID")
    public static let patientBirthDate = DICOMTag(0x0010, 0x0030, "PatientBirthDate")
    public static let patientSex = DICOMTag(0x0010, 0x0040, "PatientSex")
    public static let patientAge = DICOMTag(0x0010, 0x1010, "PatientAge")
    public static let clinicalTrialSponsorName = DICOMTag(0x0012, 0x0010, "ClinicalTrialSponsorName")
    public static let clinicalTrialProtocolID = DICOMTag(0x0012, 0x0020, "ClinicalTrialProtocolID")
    public static let clinicalTrialProtocolName = DICOMTag(0x0012, 0x0021, "ClinicalTrialProtocolName")
    public static let clinicalTrialSiteID = DICOMTag(0x0012, 0x0030, "ClinicalTrialSiteID")
    public static let clinicalTrialSiteName = DICOMTag(0x0012, 0x0031, "ClinicalTrialSiteName")
    public static let clinicalTrialSubjectID = DICOMTag(0x0012, 0x0040, "ClinicalTrialSubjectID")
    public static let clinicalTrialTimePointID = DICOMTag(0x0012, 0x0050, "ClinicalTrialTimePointID")
    public static let bodyPartExamined = DICOMTag(0x0018, 0x0015, "BodyPartExamined")
    public static let sliceThickness = DICOMTag(0x0018, 0x0050, "SliceThickness")
    public static let kvp = DICOMTag(0x0018, 0x0060, "KVP")
    public static let spacingBetweenSlices = DICOMTag(0x0018, 0x0088, "SpacingBetweenSlices")
    public static let dataCollectionDiameter = DICOMTag(0x0018, 0x0090, "DataCollectionDiameter")
    public static let reconstructionDiameter = DICOMTag(0x0018, 0x1100, "ReconstructionDiameter")
    public static let xRayTubeCurrent = DICOMTag(0x0018, 0x1151, "XRayTubeCurrent")
    public static let convolutionKernel = DICOMTag(0x0018, 0x1210, "ConvolutionKernel")
    public static let patientPosition = DICOMTag(0x0018, 0x5100, "PatientPosition")
    public static let studyInstanceUID = DICOMTag(0x0020, 0x000D, "StudyInstanceUID")
    public static let seriesInstanceUID = DICOMTag(0x0020, 0x000E, "SeriesInstanceUID")
    public static let studyID = DICOMTag(0x0020, 0x0010, "StudyID")
    public static let seriesNumber = DICOMTag(0x0020, 0x0011, "SeriesNumber")
    public static let acquisitionNumber = DICOMTag(0x0020, 0x0012, "AcquisitionNumber")
    public static let instanceNumber = DICOMTag(0x0020, 0x0013, "InstanceNumber")
    public static let imagePositionPatient = DICOMTag(0x0020, 0x0032, "ImagePositionPatient")
    public static let imageOrientationPatient = DICOMTag(0x0020, 0x0037, "ImageOrientationPatient")
    public static let frameOfReferenceUID = DICOMTag(0x0020, 0x0052, "FrameOfReferenceUID")
    public static let positionReferenceIndicator = DICOMTag(0x0020, 0x1040, "PositionReferenceIndicator")
    public static let sliceLocation = DICOMTag(0x0020, 0x1041, "SliceLocation")
    public static let samplesPerPixel = DICOMTag(0x0028, 0x0002, "SamplesPerPixel")
    public static let photometricInterpretation = DICOMTag(0x0028, 0x0004, "PhotometricInterpretation")
    public static let numberOfFrames = DICOMTag(0x0028, 0x0008, "NumberOfFrames")
    public static let rows = DICOMTag(0x0028, 0x0010, "Rows")
    public static let columns = DICOMTag(0x0028, 0x0011, "Columns")
    public static let pixelSpacing = DICOMTag(0x0028, 0x0030, "PixelSpacing")
    public static let bitsAllocated = DICOMTag(0x0028, 0x0100, "BitsAllocated")
    public static let bitsStored = DICOMTag(0x0028, 0x0101, "BitsStored")
    public static let highBit = DICOMTag(0x0028, 0x0102, "HighBit")
    public static let pixelRepresentation = DICOMTag(0x0028, 0x0103, "PixelRepresentation")
    public static let windowCenter = DICOMTag(0x0028, 0x1050, "WindowCenter")
    public static let windowWidth = DICOMTag(0x0028, 0x1051, "WindowWidth")
    public static let rescaleIntercept = DICOMTag(0x0028, 0x1052, "RescaleIntercept")
    public static let rescaleSlope = DICOMTag(0x0028, 0x1053, "RescaleSlope")
    public static let rescaleType = DICOMTag(0x0028, 0x1054, "RescaleType")
    public static let windowCenterWidthExplanation = DICOMTag(0x0028, 0x1055, "WindowCenterWidthExplanation")
    public static let pixelData = DICOMTag(0x7FE0, 0x0010, "PixelData")
}
