import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import { ModalForm, RegionCascader, useSession } from '@mz/ui';
import dayjs, { type Dayjs } from 'dayjs';
import { INSTITUTION_KIND_NAMES, OPERATOR_TYPE_NAMES } from '../domain/institution.rules.ts';
import { useInstitutionWrite, type InstitutionDetail } from './institution.api.ts';
import { optionsOf } from './institution.labels.ts';

interface Values {
  name: string; kind: string; operatorType: string; creditCode?: string; regionCode: string; address: string;
  longitude?: number | null; latitude?: number | null; legalPerson?: string; contactName?: string; contactPhone?: string; openedOn?: Dayjs | null;
}

const orNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/** 登记机构 / 修改机构信息: one dialog; with `institution` it edits (carrying the version). */
export function InstitutionFormDialog({ open, institution, onClose, onSaved }: {
  open: boolean; institution?: InstitutionDetail; onClose: () => void; onSaved: (d: InstitutionDetail) => void;
}) {
  const write = useInstitutionWrite();
  const { me } = useSession();
  const initial: Partial<Values> = institution
    ? {
      name: institution.name, kind: institution.kind, operatorType: institution.operatorType, creditCode: institution.creditCode ?? undefined,
      regionCode: institution.regionCode, address: institution.address, longitude: institution.longitude, latitude: institution.latitude,
      legalPerson: institution.legalPerson ?? undefined, contactName: institution.contactName ?? undefined, contactPhone: institution.contactPhone ?? undefined,
      openedOn: institution.openedOn ? dayjs(institution.openedOn) : null,
    }
    : { kind: 'care_home', operatorType: 'public', regionCode: me?.regionCode };

  const submit = async (v: Values) => {
    const body = {
      name: v.name, kind: v.kind, operatorType: v.operatorType, creditCode: orNull(v.creditCode), regionCode: v.regionCode, address: v.address,
      longitude: v.longitude ?? null, latitude: v.latitude ?? null, legalPerson: orNull(v.legalPerson), contactName: orNull(v.contactName),
      contactPhone: orNull(v.contactPhone), openedOn: v.openedOn ? v.openedOn.format('YYYY-MM-DD') : null,
    };
    const saved = institution
      ? await write<InstitutionDetail>(`/${institution.id}`, { ...body, version: institution.version }, 'PATCH')
      : await write<InstitutionDetail>('', body);
    onSaved(saved);
  };

  return (
    <ModalForm<Values> name="institution" open={open} width={760} title={institution ? '修改机构信息' : '登记机构'} initialValues={initial} onClose={onClose} onSubmit={submit}>
      <Row gutter={16}>
        <Col span={14}><Form.Item name="name" label="机构名称" rules={[{ required: true, message: '请填写机构名称' }]}><Input maxLength={100} autoFocus /></Form.Item></Col>
        <Col span={10}><Form.Item name="creditCode" label="统一社会信用代码"><Input maxLength={18} placeholder="18 位，可暂缺" /></Form.Item></Col>
      </Row>
      <Row gutter={16}>
        <Col span={14}><Form.Item name="kind" label="机构类型" rules={[{ required: true, message: '请选择机构类型' }]}><Select options={optionsOf(INSTITUTION_KIND_NAMES)} /></Form.Item></Col>
        <Col span={10}><Form.Item name="operatorType" label="运营方式" rules={[{ required: true, message: '请选择运营方式' }]}><Select options={optionsOf(OPERATOR_TYPE_NAMES)} /></Form.Item></Col>
      </Row>
      <Row gutter={16}>
        <Col span={10}><Form.Item name="regionCode" label="所在区划" rules={[{ required: true, message: '请选择所在区划' }]}><RegionCascader placeholder="选择到街道或社区" /></Form.Item></Col>
        <Col span={14}><Form.Item name="address" label="地址" rules={[{ required: true, message: '请填写地址' }]}><Input maxLength={200} /></Form.Item></Col>
      </Row>
      <Row gutter={16}>
        <Col span={6}><Form.Item name="longitude" label="经度"><InputNumber min={73} max={136} step={0.000001} style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={6}><Form.Item name="latitude" label="纬度"><InputNumber min={3} max={54} step={0.000001} style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={12}><Form.Item name="openedOn" label="开办日期"><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}><Form.Item name="legalPerson" label="法定代表人"><Input maxLength={50} /></Form.Item></Col>
        <Col span={8}><Form.Item name="contactName" label="联系人"><Input maxLength={50} /></Form.Item></Col>
        <Col span={8}><Form.Item name="contactPhone" label="联系电话"><Input maxLength={20} /></Form.Item></Col>
      </Row>
    </ModalForm>
  );
}
