import { describe, expect, it } from 'vitest';
import { dcmjs } from './dcmjs';
import { createDeidentifier } from './deidentify';
import { BASIC_PROFILE } from './deidentify-table';
import { syntheticSource } from './spec-support/report-input';

describe('Basic Application Level Confidentiality Profile', () => {
  it('has the table rows for the identifying attributes our outputs could carry', () => {
    const byName = (keyword: string) => BASIC_PROFILE.get(dcmjs.data.DicomMetaDictionary.nameMap[keyword]!.tag.replace(/[(),]/g, '').toUpperCase());
    expect(byName('PatientName')).toBe('Z');
    expect(byName('PatientID')).toBe('Z');
    expect(byName('PatientBirthDate')).toBe('Z');
    expect(byName('AccessionNumber')).toBe('Z');
    expect(byName('StudyDate')).toBe('Z');
    expect(byName('InstitutionName')).toBe('X/Z/D');
    expect(byName('StudyInstanceUID')).toBe('U');
    expect(byName('DeviceSerialNumber')).toBe('X/Z/D');
    expect(BASIC_PROFILE.size).toBeGreaterThan(600);
  });

  it('resolves combined codes by what our IODs need', () => {
    const deid = createDeidentifier();
    expect(deid.actionFor('InstitutionName')).toBe('X'); // type 3 in SEG/SR
    expect(deid.actionFor('ContentDate')).toBe('D'); // type 1
    expect(deid.actionFor('ReferringPhysicianName')).toBe('Z'); // type 2
    expect(deid.actionFor('SOPClassUID')).toBe('K');
    expect(deid.actionFor('FrameOfReferenceUID')).toBe('U');
    expect(deid.actionFor('Modality')).toBe('K');
  });

  it('removes, empties and replaces, remaps UIDs consistently, drops private tags', () => {
    const source = syntheticSource({
      extra: {
        '00091001': 'private value',
        OtherPatientNames: [{ Alphabetic: 'Alias^Al' }],
        ContentDate: '20240102',
        ReferencedStudySequence: [{ ReferencedSOPClassUID: '1.2.840.10008.3.1.2.3.1', ReferencedSOPInstanceUID: '1.2.3.4.5' }],
        OtherPatientIDsSequence: [{ PatientID: 'OTHER-1' }],
        RequestAttributesSequence: [{ RequestedProcedureID: 'RP1' }],
      },
    });
    const deid = createDeidentifier();
    const out = deid.dataset(source.dataset);
    expect(out.PatientName).toBeNull();
    expect(out.PatientID).toBeNull();
    expect(out.PatientBirthDate).toBeNull();
    expect(out.AccessionNumber).toBeNull();
    expect(out.InstitutionName).toBeUndefined();
    expect(out.OtherPatientNames).toBeUndefined();
    expect(out.OtherPatientIDsSequence).toBeUndefined();
    expect(out.RequestAttributesSequence).toBeUndefined();
    expect(out.ContentDate).toBe('19000101');
    expect(out['00091001']).toBeUndefined();
    expect(out.SOPClassUID).toBe(source.dataset.SOPClassUID);
    expect(out.PatientSex).toBeNull();
    expect(out.Rows).toBe(source.dataset.Rows);
    // UIDs: new, consistent with uid(), and the same in a second dataset of the same export.
    expect(out.StudyInstanceUID).not.toBe(source.dataset.StudyInstanceUID);
    expect(out.StudyInstanceUID).toBe(deid.uid(source.dataset.StudyInstanceUID as string));
    expect(deid.dataset(source.dataset).SOPInstanceUID).toBe(out.SOPInstanceUID);
    expect(out.FrameOfReferenceUID).toMatch(/^2\.25\.\d+$/);
    // ReferencedStudySequence is X/Z and not needed by our IODs: removed.
    expect(out.ReferencedStudySequence).toBeUndefined();
    // The input is untouched.
    expect(source.dataset.PatientID).toBe('SYN-0001');
  });

  it('maps the same UID the same way with the same secret, differently with another', () => {
    const a = createDeidentifier({ uidSecret: 's1' }).uid('1.2.3.4');
    expect(createDeidentifier({ uidSecret: 's1' }).uid('1.2.3.4')).toBe(a);
    expect(createDeidentifier({ uidSecret: 's2' }).uid('1.2.3.4')).not.toBe(a);
    expect(createDeidentifier().uid('1.2.840.10008.5.1.4.1.1.2')).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(a.length).toBeLessThanOrEqual(64);
  });

  it('recurses into kept sequences and cleans on request', () => {
    const deid = createDeidentifier({ clean: ['SeriesDescription'], keep: ['StationName'] });
    const out = deid.dataset({
      PatientName: [{ Alphabetic: 'Jones^Mary' }],
      SeriesDescription: 'Follow-up of Jones',
      StationName: 'CT-ROOM-2',
      ProcedureCodeSequence: [{ CodeValue: 'X1', CodingSchemeDesignator: 'L', CodeMeaning: 'CT chest', '00111001': 'private' }],
    });
    expect(out.SeriesDescription).toBeNull();
    expect(out.StationName).toBe('CT-ROOM-2');
    const item = (out.ProcedureCodeSequence as Record<string, unknown>[])[0]!;
    expect(item.CodeMeaning).toBe('CT chest');
    expect(item['00111001']).toBeUndefined();
    expect(createDeidentifier({ clean: ['SeriesDescription'] }).dataset({ PatientName: [{ Alphabetic: 'Jones^Mary' }], SeriesDescription: 'Chest' }).SeriesDescription).toBe('Chest');
  });

  it('flags sources with burned-in annotation and marks outputs as de-identified', () => {
    const deid = createDeidentifier();
    const burned = syntheticSource({ extra: { BurnedInAnnotation: 'YES' } });
    deid.checkSource(syntheticSource({ extra: { BurnedInAnnotation: 'NO' } }));
    deid.checkSource(burned);
    expect(deid.burnedInAnnotation).toEqual([deid.uid(burned.SOPInstanceUID)]);
    const markers = deid.markers();
    expect(markers.PatientIdentityRemoved).toBe('YES');
    expect((markers.DeidentificationMethodCodeSequence as Record<string, unknown>[])[0]).toMatchObject({ CodeValue: '113100', CodingSchemeDesignator: 'DCM' });
    expect(String(markers.DeidentificationMethod).length).toBeLessThanOrEqual(64);
  });
});
