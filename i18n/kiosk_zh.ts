<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh" sourcelanguage="en">
<context>
    <name>Carousel</name>
    <message>
        <source>Photo unavailable</source>
        <translation>图片暂不可用</translation>
    </message>
    <message>
        <source>Illustration</source>
        <translation>示意图</translation>
    </message>
</context>
<context>
    <name>HomeView</name>
    <message>
        <source>Touch a theme below to explore</source>
        <translation>点击下方主题，开始探索</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Lanzhou New Area exhibition kiosk</source>
        <translation>兰州新区展览互动屏</translation>
    </message>
</context>
<context>
    <name>Lightbox</name>
    <message>
        <source>Photo unavailable</source>
        <translation>图片暂不可用</translation>
    </message>
    <message>
        <source>Tap anywhere to close</source>
        <translation>点击任意处关闭</translation>
    </message>
    <message>
        <source>Illustration</source>
        <translation>示意图</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <source>{name} ({note})</source>
        <translation>{name}（{note}）</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>亮点</translation>
    </message>
    <message>
        <source>More figures</source>
        <translation>更多数据</translation>
    </message>
    <message>
        <source>Names to know</source>
        <translation>重点名录</translation>
    </message>
    <message>
        <source>Source: {source}</source>
        <translation>数据来源：{source}</translation>
    </message>
</context>
</TS>
